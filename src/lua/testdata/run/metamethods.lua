-- every 5.1 metamethod
local mt = {}
local function new(v) return setmetatable({v = v}, mt) end
mt.__add = function(a, b) return new((type(a) == "table" and a.v or a) + (type(b) == "table" and b.v or b)) end
mt.__sub = function(a, b) return "sub" end
mt.__mul = function(a, b) return "mul" end
mt.__div = function(a, b) return "div" end
mt.__mod = function(a, b) return "mod" end
mt.__pow = function(a, b) return "pow" end
mt.__unm = function(a) return "unm" end
mt.__concat = function(a, b) return "concat" end
mt.__len = function(a) return "len" end
mt.__eq = function(a, b) return a.v == b.v end
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
mt.__call = function(self, x, y) return "called", x, y end
mt.__tostring = function(a) return "obj(" .. a.v .. ")" end
mt.__index = function(t, k) return "idx:" .. tostring(k) end
local a, b = new(1), new(2)
print((a + b).v, (a + 10).v, (5 + b).v)
print(a - b, a * b, a / b, a % b, a ^ b, -a, a .. b, a .. "s", "s" .. a)
print(#a, a == b, a == new(1), a ~= new(1), a < b, a <= b, a > b, a >= b)
print(a(1, 2))
print(tostring(a), a.missing, a[5])
-- __le falls back to not __lt(b, a)
local lonly = {__lt = function(x, y) return x.n < y.n end}
local x, y = setmetatable({n = 1}, lonly), setmetatable({n = 2}, lonly)
print(x <= y, y <= x, x < y)
-- __eq only between the same types with the same metamethod
local e1 = setmetatable({}, {__eq = function() return true end})
local e2 = setmetatable({}, {__eq = function() return true end})
print(e1 == e2, e1 == e1, e1 == {})
local shared = {__eq = function() return true end}
print(setmetatable({}, shared) == setmetatable({}, shared))
-- __newindex chains and rawset
local log = {}
local prox = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 10) end})
prox.a = 1
prox.a = 2
print(prox.a, #log)
local base = {}
local derived = setmetatable({}, {__newindex = base, __index = base})
derived.z = 5
print(rawget(derived, "z"), base.z, derived.z)
-- __index chain of tables
local A = {foo = "A.foo"}
local B = setmetatable({bar = "B.bar"}, {__index = A})
local C = setmetatable({}, {__index = B})
print(C.foo, C.bar, C.baz)
-- __len is ignored for tables in 5.1
print(#setmetatable({1, 2, 3}, {__len = function() return 99 end}))
-- __concat with numbers
local cc = setmetatable({}, {__concat = function(l, r) return type(l) .. "|" .. type(r) end})
print(1 .. cc, cc .. 2, "a" .. "b" .. cc)
-- __call chains through a table's metatable only once
local callable = setmetatable({}, {__call = function(self, ...) return select("#", ...) end})
print(callable(1, nil, 3))
-- __metatable
local locked = setmetatable({}, {__metatable = false})
print(getmetatable(locked), pcall(setmetatable, locked, {}))
-- string metatable
print(getmetatable("").__index == string, ("%d"):rep(2))
