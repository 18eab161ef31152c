local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
print(fib(20), 1/0, -1/0, 0/0, 2^53, 1e15, 0.1, -0, "a".."b"..1 ..2)
local t = {1,2,3,x=4,y=5}
for k, v in pairs(t) do print(k, v) end
for i, v in ipairs(t) do print(i, v) end
print(#t, select("#", 1, 2, 3), select(2, "a", "b", "c"))
local mt = {__index = function(t, k) return k .. "!" end, __add = function(a, b) return 42 end}
local o = setmetatable({}, mt)
print(o.foo, o + 1, 1 + o)
print(pcall(function() local x = nil; return x.y end))
print(pcall(function() return undefinedglobal.y end))
print(pcall(function() return {} < {} end))
print(pcall(error, {code=1}))
print(pcall(error, "msg", 0))
print(pcall(error, "msg"))
local co = coroutine.create(function(a, b) print("in", a, b); local c = coroutine.yield(a + b); print("got", c); return "done" end)
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, "x"))
print(coroutine.status(co), coroutine.resume(co))
local function tail(n) if n == 0 then return "ok" end return tail(n - 1) end
print(tail(100000))
print(select(-1, 1, 2, 3))
print(tostring(nil), tonumber("0x10"), tonumber("  12  "), tonumber("z", 36), tonumber("1e1"))
print(string, xpcall(function() error("boom") end, function(m) return "handled: " .. m end))
local function rec() return 1 + rec() end
print(pcall(rec))
print(unpack({1, 2, 3}))
local s = 0; for i = 1, 10, 0.5 do s = s + i end print(s)
for i = 10, 1, -3 do io = i end print(io)

