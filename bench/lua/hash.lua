-- string-keyed hash tables
local t = {}
for i = 1, 200000 do t["key" .. i] = i end
local sum = 0
for r = 1, 5 do
  for i = 1, 200000, 3 do sum = sum + t["key" .. i] end
end
local n = 0
for k, v in pairs(t) do n = n + 1 end
for i = 1, 200000, 2 do t["key" .. i] = nil end
local m = 0
for k in pairs(t) do m = m + 1 end
print(sum, n, m)
