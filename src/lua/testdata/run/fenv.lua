-- getfenv and setfenv
local G = _G
print(getfenv() == G, getfenv(0) == G, getfenv(1) == G, getfenv(print) == G)
local function f() return x end
local env = {x = "from env"}
print(setfenv(f, env) == f, f(), getfenv(f) == env)
x = "global x"
print(f(), x)
-- closures created inside get the creator's environment
local function maker() return function() return y end end
setfenv(maker, {y = "maker env"})
print(maker()())
-- level-based setfenv from inside a function
local function setsown()
  setfenv(1, {print = print, tag = "own"})
  print(tag)
end
setsown()
print(tag)
local function setscaller()
  setfenv(2, setmetatable({tag = "caller's"}, {__index = G}))
end
local function caller()
  setscaller()
  return tag
end
print(caller(), tag)
print(getfenv(caller).tag)
-- getfenv levels
local function level2() return getfenv(2) end
local function wrapper() local e = level2() return e end
setfenv(wrapper, {marker = 1})
print(wrapper().marker)
print(pcall(getfenv, 100))
print(pcall(setfenv, 100, {}))
print(pcall(getfenv, -1))
print(pcall(setfenv, 1, 2))
print(pcall(setfenv, print, {}))
print(pcall(setfenv, f))
print(pcall(getfenv, "x"))
print(pcall(getfenv, {}))
-- setfenv(0, t) changes the thread's globals
local co = coroutine.create(function()
  local newg = setmetatable({who = "thread"}, {__index = G})
  setfenv(0, newg)
  return getfenv(0).who, loadstring("return who")()
end)
print(coroutine.resume(co))
print(getfenv(0) == G, who)
-- returns of setfenv
print(type(setfenv(1, getfenv(1))))
print(setfenv(0, G))
-- tail calls have no environment
local function tc() return getfenv(2) end
local function viaTail() return tc() end
print(pcall(viaTail))
local function badTail() return setfenv(2, {}) end
local function callsBadTail() return badTail() end
print(pcall(callsBadTail))
-- functions from loadstring get the global environment of the thread
local sandbox = {}
local chunk = loadstring("a = 1; b = 2; return a + b")
setfenv(chunk, sandbox)
print(chunk(), sandbox.a, sandbox.b, a, b)
-- environment of a native function
print(getfenv(string.format) == G, getfenv(coroutine.wrap(function() end)) == G)
-- __index on an environment
local logged = {}
local logenv = setmetatable({}, {__index = function(t, k) logged[#logged + 1] = k return G[k] end})
local function uses() local s = tostring(1) return type(s) end
setfenv(uses, logenv)
print(uses(), table.concat(logged, ","))
