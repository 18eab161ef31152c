-- Functions with '...' that never use it get the compatibility table 'arg'.
local function usesarg(...)
  return arg and arg.n, arg and arg[1]
end
print(usesarg(1, 2, 3))

local function usesdots(...)
  return select("#", ...)
end
print(usesdots(1, 2))

local function usesboth(...)
  local a = arg
  return a, ...
end
print(usesboth("x", "y"))

local function unused(...)
  return 1
end
print(unused(1, 2))

local function fixedandarg(p, q, ...)
  return p, q, arg.n
end
print(fixedandarg(1, 2, 3, 4))

-- 'arg' seen from a nested function is an upvalue of the outer one.
local function outer(...)
  local function inner()
    return arg.n
  end
  return inner()
end
print(outer("a", "b"))

-- A nested vararg function that uses '...' does not need its own 'arg'.
local function outer2(...)
  local function inner(...)
    return select("#", ...)
  end
  return inner(...) , arg
end
print(outer2(1, 2))

-- Outside a vararg function 'arg' is an ordinary global.
arg = "global arg"
local function plain()
  return arg
end
print(plain())
