-- debug.traceback as an xpcall handler and on its own
local function lvl3() error("deep error") end
local function lvl2() lvl3() end
local function lvl1() lvl2() end
print(xpcall(lvl1, debug.traceback))
print(debug.traceback())
print(debug.traceback("message"))
print(debug.traceback("message", 1))
print(debug.traceback("message", 2))
print(debug.traceback("level 0", 0))
print(debug.traceback("too far", 50))
print(debug.traceback(42))
print(debug.traceback({}) ~= nil, type(debug.traceback({})))
print(debug.traceback(nil))
-- methods and fields in tracebacks
local obj = {}
function obj:method() error("in method") end
function obj.field() obj:method() end
print(xpcall(function() obj.field() end, debug.traceback))
-- global functions
function globalfn() error("in global") end
print(xpcall(function() globalfn() end, debug.traceback))
-- native functions in the middle
print(xpcall(function() table.sort({1, 2, 3}, function(a, b) error("in comparator") end) end, debug.traceback))
print(xpcall(function() return ("x"):gsub(".", function() error("in gsub callback") end) end, debug.traceback))
-- tail calls show as (tail call)
local function tail3() error("tail error") end
local function tail2() return tail3() end
local function tail1() return tail2() end
print(xpcall(function() tail1() end, debug.traceback))
-- a long stack is cut in the middle
local function rec(n) if n == 0 then error("bottom") end rec(n - 1) end
print(xpcall(function() rec(30) end, debug.traceback))
-- a handler that adds its own text
print(xpcall(lvl1, function(m) return "handled: " .. debug.traceback(m, 2) end))
-- runtime errors (not error calls) in tracebacks
print(xpcall(function() local t = nil; return t.x end, debug.traceback))
-- traceback of another coroutine
local co = coroutine.create(function() local function inner() coroutine.yield() end inner() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "co message"))
print(debug.traceback(co, "co level 1", 1))
local dead = coroutine.create(function() error("dead co") end)
print(coroutine.resume(dead))
print(debug.traceback(dead))
print(debug.traceback(dead, "after error"))
-- error inside a coroutine with a traceback handler inside it
local co2 = coroutine.wrap(function() return xpcall(lvl1, debug.traceback) end)
print(co2())
-- functions defined in loadstring chunks
local chunk = loadstring("local function inner() error('from chunk') end\ninner()", "=mychunk")
print(xpcall(chunk, debug.traceback))
local chunk2 = loadstring("error('anon chunk')")
print(xpcall(chunk2, debug.traceback))
