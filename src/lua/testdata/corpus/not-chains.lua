-- 'not' on every kind of operand, and chains of 'not'.
local a, b, c = 1, nil, false
local g = {}

local n1 = not a
local n2 = not not a
local n3 = not not not a
local n4 = not b
local n5 = not (a == 1)
local n6 = not (a < 2)
local n7 = not (a and b)
local n8 = not (a or b)
local n9 = not a and not b
local n10 = not a or not b
local n11 = not nil
local n12 = not false
local n13 = not true
local n14 = not 0
local n15 = not "x"
local n16 = not g.missing
local n17 = not GLOBAL_VALUE
local n18 = not #g
local n19 = not not (a == b)
local n20 = not (not a == not b)
print(n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)
print(n11, n12, n13, n14, n15, n16, n17, n18, n19, n20)

-- In conditions.
if not a then print("not a") end
if not not a then print("not not a") end
if not (a and c) then print("not (a and c)") end
if not a == false then print("not a == false") end
while not b do
  b = true
end
repeat
  c = not c
until not not c
print(b, c)

-- Assigned to globals, upvalues and fields.
NOTG = not a
local function setter()
  a = not a
  g.flag = not g.flag
  return not a, not g.flag
end
print(NOTG, setter())
print(setter())
