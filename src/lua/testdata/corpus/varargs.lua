-- '...' in the main chunk and in functions: VARARG with fixed and open counts.
local n = select("#", ...)
local first, second = ...
local all = { ... }
print(n, first, second, #all)

local function pass(...) return ... end
local function count(...) return select("#", ...) end
local function firstof(...) return (...) end
local function withfixed(a, b, ...)
  local rest = { ... }
  return a, b, #rest, ...
end
print(count(pass(1, 2, 3)), firstof(4, 5, 6), withfixed(1, 2, 3, 4, 5))
print(withfixed(1))

local function vfirst(...)
  local a = ...
  local b, c = ...
  local d, e, f = ..., "x"
  return a, b, c, d, e, f
end
print(vfirst(1, 2, 3))

local function mid(...)
  return count(..., 1), count(1, ...), count(...), count((...))
end
print(mid(7, 8, 9))
print(mid())

local function inexpr(...)
  local sum = 0
  for i = 1, select("#", ...) do
    sum = sum + (select(i, ...))
  end
  local a, b = ...
  return sum, (... or 0) + 1, a and b
end
print(inexpr(1, 2, 3))

local function totable(...)
  return { n = select("#", ...), ... }
end
local t = totable(nil, 2, nil)
print(t.n, t[2])

local function forward(f, ...)
  return f(...)
end
print(forward(count, 1, nil, 3), forward(pass, "a", "b"))

local function nested(...)
  local outerargs = { ... }
  local function inner(...)
    return #outerargs, select("#", ...)
  end
  return inner(..., ...)
end
print(nested(1, 2))

-- '...' assigned to globals and fields.
local function store(...)
  VA, VB = ...
  local s = {}
  s.a, s.b, s.c = 0, ...
  return s.a, s.b, s.c
end
print(store("p", "q", "r"), VA, VB)
