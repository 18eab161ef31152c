-- closures
local function adder(x) return function(y) return x + y end end
local sum = 0
for i = 1, 8000000 do
  local f = adder(i)
  sum = sum + f(1)
end
local function counter() local c = 0 return function() c = c + 1 return c end end
local c = counter()
for i = 1, 8000000 do c() end
print(sum, c())
