-- For an integer firmware (luac.cross.int): integer constants only.
local a, b = 5, -7
local big = 2147483646
local t = { a * 3 - 100000, b, big, -2147483647 }
for i = 1, #t, 2 do
  print(i, t[i])
end
return t
