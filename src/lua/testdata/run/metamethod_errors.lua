-- errors raised inside metamethods and by odd metatables
local function try(f, ...) print(select(2, pcall(f, ...))) end
local mt = {
  __index = function(t, k) error("no field " .. tostring(k)) end,
  __newindex = function(t, k, v) error("read-only " .. tostring(k), 2) end,
  __add = function(a, b) return nil + 1 end,
  __concat = function(a, b) error({"table error"}) end,
  __call = function(self, x) error("call with " .. tostring(x), 0) end,
  __lt = function(a, b) error("lt failed") end,
  __le = function(a, b) local x; return x.y end,
  __unm = function(a) return "unm ok" end,
  __eq = function(a, b) error("eq failed") end,
  __tostring = function() error("tostring failed") end,
}
local o = setmetatable({}, mt)
local o2 = setmetatable({}, mt)
try(function() return o.name end)
try(function() o.name = 1 end)
try(function() return o + 1 end)
print(type(select(2, pcall(function() return o .. "x" end))))
try(function() return o(42) end)
try(function() return o < o2 end)
try(function() return o <= o2 end)
try(function() return -o end)
try(function() return o == o2 end)
print(o == o)
try(function() return tostring(o) end)
try(function() print(o) end)
-- metamethods that are not functions
local badidx = setmetatable({}, {__index = 5})
try(function() return badidx.x end)
local badnew = setmetatable({}, {__newindex = "str"})
try(function() badnew.x = 1 end)
local badcall = setmetatable({}, {__call = 5})
try(function() return badcall() end)
local badadd = setmetatable({}, {__add = "notafunction"})
try(function() return badadd + 1 end)
local badcat = setmetatable({}, {__concat = {}})
try(function() return badcat .. "x" end)
-- loops in __index / __newindex chains
local loop1 = {}
setmetatable(loop1, {__index = loop1})
try(function() return loop1.x end)
local loop2 = {}
setmetatable(loop2, {__newindex = loop2})
try(function() loop2.x = 1 end)
local a, b = {}, {}
setmetatable(a, {__index = b}) setmetatable(b, {__index = a})
try(function() return a.x end)
-- deep but finite chain
local chain = {leaf = "found"}
for i = 1, 90 do chain = setmetatable({}, {__index = chain}) end
print(chain.leaf)
for i = 1, 20 do chain = setmetatable({}, {__index = chain}) end
try(function() return chain.leaf end)
-- comparison metamethods across types and with different metamethods
local m1 = setmetatable({}, {__lt = function() return true end})
local m2 = setmetatable({}, {__lt = function() return false end})
try(function() return m1 < m2 end)
try(function() return m1 < 1 end)
try(function() return 1 < m1 end)
try(function() return m1 <= m1 end)
local shared = {__lt = function(x, y) return true end, __le = function() return false end}
local s1, s2 = setmetatable({}, shared), setmetatable({}, shared)
print(s1 < s2, s1 <= s2, s1 > s2, s1 >= s2)
-- __eq is not called for different types or identical objects
local eqcount = 0
local eqmt = {__eq = function() eqcount = eqcount + 1 return true end}
local e1, e2 = setmetatable({}, eqmt), setmetatable({}, eqmt)
print(e1 == e2, e1 == e1, e1 == 1, e1 ~= e2, eqcount)
-- results of comparison metamethods are converted to booleans
local conv = setmetatable({}, {__lt = function() return "yes" end, __le = function() return nil end, __eq = function() return 0 end})
local conv2 = setmetatable({}, getmetatable(conv))
print(conv < conv2, conv <= conv2, conv == conv2)
-- __index functions receive the original table
local origin = setmetatable({}, {__index = function(t, k) return t end})
print(origin.x == origin)
-- errors in __gc propagate out of the collection that ran it
local p = newproxy(true)
getmetatable(p).__gc = function() error("gc error") end
p = nil
print(pcall(collectgarbage))
print("after gc")
-- __call receives extra arguments and its results are returned
local callee = setmetatable({}, {__call = function(self, ...) return select("#", ...), ... end})
print(callee(), callee(nil), callee(1, 2, 3))
-- __concat with numbers on either side and chained concatenation
local cc = setmetatable({}, {__concat = function(l, r)
  local function s(v) return type(v) == "table" and "T" or tostring(v) end
  return s(l) .. s(r)
end})
print(1 .. cc, cc .. 2, "a" .. cc .. "b", cc .. cc, 1 .. 2 .. cc)
-- arithmetic metamethod chosen from the first operand that has one
local left = setmetatable({}, {__sub = function() return "left" end})
local right = setmetatable({}, {__sub = function() return "right" end})
print(left - right, right - left, 1 - right, left - 1)
-- __index on strings can be replaced
local smt = getmetatable("")
local oldidx = smt.__index
smt.__index = function(s, k) return k end
print(("x").anything)
smt.__index = oldidx
print(("x"):upper())
