-- 'local function f' declares f before the body, so the body can call itself
-- through an upvalue; 'local f = function' does not, and the body sees the
-- global f instead.
local function fact(n)
  if n <= 1 then return 1 end
  return n * fact(n - 1)
end
print(fact(10))

function fib(n)
  return "global fib " .. n
end
local fib = function(n)
  if n < 2 then return n end
  return fib(n - 1)
end
print(fib(5))

local function even(n)
  if n == 0 then return true end
  local function odd(m)
    if m == 0 then return false end
    return even(m - 1)
  end
  return odd(n - 1)
end
print(even(10), even(7))

-- Forward declaration then assignment: both refer to the same local.
local ping, pong
function ping(n)
  if n == 0 then return "ping" end
  return pong(n - 1)
end
function pong(n)
  if n == 0 then return "pong" end
  return ping(n - 1)
end
print(ping(3), ping(4))

-- A local function inside a loop and inside another local function.
for i = 1, 3 do
  local function sq() return i * i end
  io.write(sq(), " ")
end
print()
local function outer()
  local function inner() return "inner" end
  local innervar = function() return inner() .. "var" end
  return innervar()
end
print(outer())
-- A local function whose name was a global before.
print(type(fact), type(_G.fact), type(_G.fib))
