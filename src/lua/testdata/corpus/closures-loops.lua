-- Closures created in loops: each iteration gets its own upvalue, closed by a
-- CLOSE at the end of the body or by the loop instruction.
local list = {}
for i = 1, 3 do
  list[#list + 1] = function() return i end
end
for k, v in pairs({ x = 1 }) do
  list[#list + 1] = function() return k .. v end
end
local j = 0
while j < 2 do
  j = j + 1
  local jj = j
  list[#list + 1] = function() jj = jj + 1 return jj end
end
local r = 0
repeat
  r = r + 1
  local rr = r * 10
  list[#list + 1] = function() return rr end
until r == 2
for _, f in ipairs(list) do io.write(tostring(f()), " ") end
print()

-- A closure that captures both a loop local and an outer local.
local outer = 0
local adders = {}
for i = 1, 3 do
  local step = i
  adders[i] = function()
    outer = outer + step
    return outer
  end
end
print(adders[1](), adders[2](), adders[3](), outer)

-- Captured locals inside nested blocks of a loop body.
local fns = {}
for i = 1, 2 do
  local a = i
  if a > 0 then
    local b = a * 2
    fns[#fns + 1] = function() return a + b end
  end
  do
    local c = -a
    fns[#fns + 1] = function() return c end
  end
end
for _, f in ipairs(fns) do io.write(f(), " ") end
print()

-- A function defined inside a loop that captures nothing does not need CLOSE.
local plain = {}
for i = 1, 2 do
  plain[i] = function(x) return x * 2 end
end
print(plain[1](4), plain[2](5))
