-- Upvalues: GETUPVAL/SETUPVAL, nesting three deep, sharing, and CLOSE.
local a = 1
local function get() return a end
local function set(v) a = v end
set(5)
print(get(), a)

-- Three levels: the middle function carries the upvalue it does not use itself.
local function level1()
  local x = "x1"
  local function level2()
    local y = "y2"
    local function level3()
      x = x .. "!"
      return x, y
    end
    return level3
  end
  return level2
end
print(level1()()())

-- Siblings share one upvalue.
local function counter()
  local n = 0
  local function inc() n = n + 1 return n end
  local function dec() n = n - 1 return n end
  local function peek() return n end
  return inc, dec, peek
end
local inc, dec, peek = counter()
inc() inc() dec() inc()
print(peek())
local inc2, _, peek2 = counter()
inc2()
print(peek(), peek2())

-- An upvalue used in the same function many times and in expressions.
local base = 10
local function calc(v)
  return base + v, base * v, base .. v, base == v, -base, not base
end
print(calc(2))

-- Blocks with captured locals are closed when they end.
local fns = {}
do
  local blockvar = "block"
  fns[1] = function() return blockvar end
end
do
  local p, q = "p", "q"
  fns[2] = function() return p .. q end
  p = "P"
end
print(fns[1](), fns[2]())

-- Parameters captured by closures.
local function adder(k) return function(v) return v + k end end
local add3, add5 = adder(3), adder(5)
print(add3(1), add5(1))
-- Upvalue of a method and of a vararg function.
local obj = { v = 1 }
local extra = 100
function obj:get() return self.v + extra end
local function vf(...) return select("#", ...) + extra end
extra = 200
print(obj:get(), vf(1, 2))
-- Many upvalues in one function.
local u1, u2, u3, u4, u5, u6, u7, u8, u9, u10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
local function many()
  return u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10
end
u10 = 0
print(many())
