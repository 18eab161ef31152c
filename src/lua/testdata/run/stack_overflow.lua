-- stack overflows: Lua recursion, recursion through natives and metamethods
local function rec(n) return 1 + rec(n + 1) end
local ok, msg = pcall(rec, 1)
print(ok, msg)
local depth = 0
local function count() depth = depth + 1 count() end
print(pcall(count))
print(depth > 1000)
-- the stack is usable again afterwards
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(1000))
-- recursion through pcall
local function viaPcall(n) local ok, e = pcall(viaPcall, n + 1) if not ok then error(e, 0) end return e end
print(pcall(viaPcall, 1))
-- recursion through a metamethod
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
local deep = setmetatable({}, mt)
print(pcall(function() return deep.a end))
-- recursion through __add
local addmt = {}
addmt.__add = function(a, b) return a + b end
local adder = setmetatable({}, addmt)
print(pcall(function() return adder + 1 end))
-- recursion through tostring/__tostring
local tsmt = {}
tsmt.__tostring = function(v) return tostring(v) end
print(pcall(tostring, setmetatable({}, tsmt)))
-- recursion through string.gsub callbacks
local function g(s) return (s:gsub(".", g)) end
print(pcall(g, "a"))
-- recursion through coroutine.wrap
local function cw() return coroutine.wrap(cw)() end
local ok2, m2 = pcall(cw)
print(ok2, m2)
-- tail recursion never overflows
local function tail(n) if n == 0 then return "tail done" end return tail(n - 1) end
print(tail(1e6))
-- many arguments and results
local function many(...) return select("#", ...) end
local big = {}
for i = 1, 7000 do big[i] = i end
print(many(unpack(big)))
print(pcall(function() return many(unpack(big, 1, 9000)) end))
print(pcall(string.rep, "x", 3, 4, 5))
-- error handler that overflows
print(xpcall(function() error("e") end, function(m) local function r() return 1 + r() end return r() end))
-- deeply nested data structures are fine
local nest = {}
local cur = nest
for i = 1, 10000 do cur.next = {} cur = cur.next end
local n = 0
cur = nest
while cur do n = n + 1 cur = cur.next end
print(n)
-- long concatenation chains
local parts = {}
for i = 1, 150 do parts[i] = '"a"' end
local src = "return " .. table.concat(parts, " .. ")
print(#loadstring(src)())
-- deep nesting in the parser
print(loadstring("return " .. string.rep("(", 300) .. "1" .. string.rep(")", 300)))
print(loadstring(string.rep("do ", 300) .. string.rep("end ", 300)))
print(loadstring("x = " .. string.rep("{", 300) .. string.rep("}", 300)))
