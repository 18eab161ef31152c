-- Scopes of locals: the start and end pc recorded for each local variable.
local a = 1
do
  local b = a
  do
    local c = b
    print(c)
  end
  local d = b
  print(d)
end
local e, f = a, a
local g = a + e + f
for i = 1, 2 do
  local inner = i
  print(inner)
end
for k, v in pairs({ x = 1 }) do
  local both = k .. v
  print(both)
end
while a < 3 do
  local w = a
  a = w + 1
end
repeat
  local r = a
  a = r - 1
until r < 3
if a then
  local t1 = 1
  print(t1)
elseif g then
  local t2 = 2
  print(t2)
else
  local t3 = 3
  print(t3)
end
local function fn(p1, p2, ...)
  local l1 = p1
  local l2
  return l1, l2, p2, ...
end
local m = { meth = function(self, x) local y = self return y, x end }
function m:def(z) local q = z return self, q end
print(fn(1, 2, 3))
print(m:meth(1) == m, m:def(2) == m)
-- A local declared twice in the same scope gets two entries.
local dup = 1
local dup = dup + 1
print(dup, e, f, g)
-- 'local x = x' reads the outer x before the new local starts.
local x = "outer"
do
  local x = x .. " copy"
  print(x)
end
