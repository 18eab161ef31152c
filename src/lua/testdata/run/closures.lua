-- closures, upvalues, varargs, tail calls
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = counter()
inc() inc()
print(get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local ws = {}
local j = 0
while j < 3 do j = j + 1 local k = j ws[j] = function() k = k + 10 return k end end
print(ws[1](), ws[1](), ws[2](), ws[3]())
local function va(...) return select("#", ...), ... end
print(va())
print(va(nil, nil))
print((va(1, 2, 3)))
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
local function old(...) return arg and arg.n, arg and arg[2] end
print(old(1, 2, 3))
local function tc(n, acc) if n == 0 then return acc end return tc(n - 1, acc + n) end
print(tc(100000, 0))
local function mr() return 1, 2, 3 end
local t = {mr(), mr()}
print(#t, (mr()))
print(mr(), "x", mr())
local a, b, c, d = mr()
print(a, b, c, d)
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(deep(5000))
print(pcall(deep, 1e6))
print(string.format("%5.2f|%-5d|%s", 3.14159, 42, "s"))
