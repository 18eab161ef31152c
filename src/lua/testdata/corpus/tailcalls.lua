-- Tail calls: 'return f(...)' becomes TAILCALL; the frame is reused.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(100000, 0))

local obj = {}
function obj:countdown(n)
  if n == 0 then return "done" end
  return self:countdown(n - 1)
end
print(obj:countdown(50000))

local function dispatch(kind, ...)
  if kind == "sum" then
    return select("#", ...)
  end
  return dispatch("sum", ...)
end
print(dispatch("x", 1, 2, 3))

-- Not tail calls: the result is adjusted, combined or the call is wrapped.
local function id(x) return x end
local function notail1(x) return (id(x)) end
local function notail2(x) return id(x), 1 end
local function notail3(x) return 1 + id(x) end
local function notail4(x) local r = id(x) return r end
local function notail5(x) return id(x) and true end
print(notail1(1), notail2(2), notail3(3), notail4(4), notail5(5))

-- A tail call in the main chunk's last statement as well.
local function tailof(f, ...) return f(...) end
print(tailof(tailof, tailof, id, "tail"))
return tailof(id, nil)
