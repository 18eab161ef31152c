-- Function definitions: parameters, nesting, and where the closure is stored.
local function noargs() return "noargs" end
local function onearg(a) return a end
local function manyargs(a, b, c, d, e, f, g, h) return h, g, f, e, d, c, b, a end
local anon = function(x, y) return x * y end
print(noargs(), onearg(1), manyargs(1, 2, 3, 4, 5, 6, 7, 8))
print(anon(6, 7), (function(z) return z .. "!" end)("iife"))

-- Missing arguments are nil; extra arguments are dropped.
local function fill(a, b, c) return a, b, c end
print(fill(1))
print(fill(1, 2, 3, 4, 5))

-- Global, field and nested-field definitions.
function globaldef(x) return x + 100 end
local M = { sub = {} }
function M.f(x) return x - 1 end
function M.sub.g(x) return x * 3 end
M.h = function(x) return -x end
print(globaldef(1), M.f(1), M.sub.g(2), M.h(4))

-- Functions returning functions, stored in tables, passed as arguments.
local function compose(f, g)
  return function(...)
    return f(g(...))
  end
end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local ops = {
  add = function(a, b) return a + b end,
  sub = function(a, b) return a - b end,
}
local function apply(op, a, b) return ops[op](a, b) end
print(apply("add", 1, 2), apply("sub", 1, 2))
local sorted = { 3, 1, 2 }
table.sort(sorted, function(a, b) return a > b end)
print(sorted[1], sorted[2], sorted[3])

-- A parameter shadowing an outer local, and a function with an empty body.
local x = "outer"
local function shadow(x) return x end
local function empty() end
local function emptyparams(a, b) end
print(shadow("param"), x, empty(), emptyparams(1, 2))

-- Functions defined on multiple lines: line info of the definition.
local function
  spread
  (
    a,
    b
  )
  return
    a
    +
    b
end
print(spread(1, 2))
function
  M
  .
  spread2
  (a)
  return a
end
print(M.spread2("ok"))
