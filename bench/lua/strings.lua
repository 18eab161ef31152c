-- string building and patterns
local parts = {}
for i = 1, 200000 do parts[#parts + 1] = "item" .. i .. "=" .. (i * 3) end
local s = table.concat(parts, ";")
local count, sum = 0, 0
for k, v in s:gmatch("(%a+%d+)=(%d+)") do count = count + 1; sum = sum + tonumber(v) end
local r = s:gsub("item(%d+)", "x%1")
local up = 0
for i = 1, 40000 do local t = ("abc"):rep(10) .. i; if t:find("c" .. i, 1, true) then up = up + 1 end end
print(count, sum, #r, up, s:sub(1, 20), string.format("%5.1f", sum / count))
