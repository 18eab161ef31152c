-- the coroutine library in detail
print(coroutine.running())
print(pcall(coroutine.yield, 1))
print(select(2, pcall(function() coroutine.yield() end)))
local co = coroutine.create(function(a, b)
  print("first", a, b, coroutine.status(coroutine.running()))
  local c, d = coroutine.yield(a + b, a * b)
  print("second", c, d)
  local e = coroutine.yield()
  print("third", e)
  return "r1", "r2"
end)
print(type(co), tostring(co):match("^thread: ") ~= nil, coroutine.status(co))
print(coroutine.resume(co, 2, 3))
print(coroutine.resume(co, "c", "d"))
print(coroutine.resume(co, "e", "ignored"))
print(coroutine.status(co), coroutine.resume(co))
-- yield across pcall is not allowed in 5.1
local cp = coroutine.create(function() return pcall(coroutine.yield, "x") end)
print(coroutine.resume(cp))
print(coroutine.status(cp))
-- yield across a metamethod, an iterator of table.sort, string.gsub
local cm = coroutine.create(function() return setmetatable({}, {__add = function() coroutine.yield("in add") return 1 end}) + 1 end)
print(coroutine.resume(cm))
local cs = coroutine.create(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
print(coroutine.resume(cs))
local cg = coroutine.create(function() return (("abc"):gsub(".", function(c) coroutine.yield(c) end)) end)
print(coroutine.resume(cg))
-- errors inside coroutines
local ce = coroutine.create(function() local x = nil; return x.field end)
print(coroutine.resume(ce))
print(coroutine.status(ce), coroutine.resume(ce))
local ct = coroutine.create(function() error({code = 7}) end)
local ok, err = coroutine.resume(ct)
print(ok, type(err), err.code)
local cn = coroutine.create(function() error() end)
print(coroutine.resume(cn))
local cl = coroutine.create(function() error("lvl2", 2) end)
print(coroutine.resume(cl))
-- wrap
local gen = coroutine.wrap(function(n) for i = 1, n do coroutine.yield(i, i * i) end return "done" end)
print(gen(3)) print(gen()) print(gen()) print(gen())
print(pcall(gen))
local werr = coroutine.wrap(function() error("wrapped error") end)
print(pcall(werr))
local werr2 = coroutine.wrap(function() error({}) end)
print(pcall(werr2))
local werr3 = coroutine.wrap(function() local t = nil; t.x = 1 end)
print(pcall(werr3))
print(pcall(coroutine.wrap, 1))
print(pcall(coroutine.wrap))
-- status values
local main_of
local outer = coroutine.create(function()
  local inner = coroutine.create(function() return coroutine.status(main_of) end)
  print("inner sees outer as", select(2, coroutine.resume(inner)))
  print("inner after", coroutine.status(inner))
  coroutine.yield()
end)
main_of = outer
coroutine.resume(outer)
print("outer", coroutine.status(outer))
coroutine.resume(outer)
print("outer", coroutine.status(outer))
print(pcall(coroutine.status))
print(pcall(coroutine.status, {}))
print(pcall(coroutine.resume))
print(pcall(coroutine.resume, {}))
-- resuming the running coroutine or a normal one
local self_co
self_co = coroutine.create(function() return coroutine.resume(self_co) end)
print(coroutine.resume(self_co))
local parent
parent = coroutine.create(function()
  local child = coroutine.create(function() return coroutine.resume(parent) end)
  return coroutine.resume(child)
end)
print(coroutine.resume(parent))
-- values passed through many yields
local acc = coroutine.wrap(function(x)
  local total = 0
  while x do total = total + x x = coroutine.yield(total) end
  return "total " .. total
end)
print(acc(1), acc(2), acc(3), acc(nil))
-- varargs and nil across resume/yield
local cv = coroutine.create(function(...) local n = select("#", ...) local a, b, c = coroutine.yield(n) return select("#", a, b, c), a, b, c end)
print(coroutine.resume(cv, nil, nil))
print(coroutine.resume(cv, nil, 2))
-- a coroutine calling a function that yields from deep inside
local function deep(n) if n == 0 then return coroutine.yield("bottom") end return deep(n - 1) end
local cd = coroutine.wrap(function() return "returned " .. deep(50) end)
print(cd()) print(cd("back up"))
-- coroutine.running inside
local cr = coroutine.create(function() return coroutine.running() end)
local _, inside = coroutine.resume(cr)
print(inside == cr)
-- gc of unfinished coroutines is fine
for i = 1, 100 do local c = coroutine.wrap(function() coroutine.yield(i) end) c() end
collectgarbage()
print("ok")
