local M = {}

function M.new(x, y)
  local self = setmetatable({ x = x, y = y }, { __index = M })
  return self
end

function M:length()
  return math.sqrt(self.x * self.x + self.y * self.y)
end

local function counter()
  local n = 0
  return function(step)
    n = n + (step or 1)
    return n
  end
end

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local function each(t, f, ...)
  for i = 1, #t do f(t[i], ...) end
  for k, v in ipairs(t) do
    if v == nil then break end
  end
end

local c = counter()
c(); c(2)
each({ 1, 2, 3 }, print, "extra", fib(10))
local p = M.new(3, 4)
print(p:length(), ("%d"):format(7), #"abc", not nil)
return M
