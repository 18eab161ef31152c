-- coroutine rules of 5.1
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end return "end" end)
end
local g = gen(3)
print(g(), g(), g(), g())
print(pcall(g))
local co = coroutine.create(function(...)
  print("start", ...)
  local a, b = coroutine.yield("y1", select("#", ...))
  print("resumed", a, b)
  local ok, err = pcall(coroutine.yield, "inside pcall")
  print("pcall yield", ok, err)
  error("oops")
end)
print(coroutine.resume(co, 1, 2, 3))
print(coroutine.status(co), coroutine.running())
print(coroutine.resume(co, "a", "b"))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.resume(function() end == nil))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create, print))
-- yield across a metamethod
local mtco = coroutine.create(function()
  local t = setmetatable({}, {__index = function() return coroutine.yield(1) end})
  return t.x
end)
print(coroutine.resume(mtco))
-- yield across an iterator called by the for loop is fine in Lua functions
local it = coroutine.wrap(function()
  for k in function(s, c) c = (c or 0) + 1; if c <= 2 then coroutine.yield(c) return c end end do end
  return "loop done"
end)
print(it(), it(), it())
-- status of the running coroutine and normal status
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() print("outer is", coroutine.status(outer)) end)
  coroutine.resume(inner)
  print("self is", coroutine.status(outer))
end)
coroutine.resume(outer)
print(coroutine.status(outer))
-- resume a running coroutine
local selfres
selfres = coroutine.create(function() return coroutine.resume(selfres) end)
print(coroutine.resume(selfres))
-- wrap error gets position
local w = coroutine.wrap(function() error("werr") end)
print(pcall(w))
-- many coroutines
local sum = 0
for i = 1, 100 do
  local c = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return a + b end)
  sum = sum + c(i) + c(i)
end
print(sum)
