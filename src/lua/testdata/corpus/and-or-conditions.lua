-- 'and', 'or' and 'not' in conditions: the jump lists are patched straight to
-- the branch targets, without producing values.
local a, b, c, d = 1, nil, false, 4
local n = 0

if a and b then n = n + 1 end
if a or b then n = n + 2 end
if a and b or c then n = n + 4 end
if a and (b or d) then n = n + 8 end
if (a or b) and (c or d) then n = n + 16 end
if not (a and b) then n = n + 32 end
if not a or not b then n = n + 64 end
if a == 1 or a == 2 or a == 3 then n = n + 128 end
if a > 0 and a < 10 and d ~= 5 then n = n + 256 end
if (a and b) or (c and d) or not c then n = n + 512 end
print(n)

-- Constant conditions.
if true then n = n + 1 end
if false then n = n - 1 end
if nil then n = n - 1 end
if 1 then n = n + 1 end
if "s" then n = n + 1 end
if true and a then n = n + 1 end
if false or a then n = n + 1 end
if nil and a then n = n - 100 end
if a and true then n = n + 1 end
if a or false then n = n + 1 end
print(n)

-- elseif chains with compound conditions.
local function classify(x, y)
  if x and y then
    return "both"
  elseif x or y then
    if not x then
      return "y only"
    else
      return "x only"
    end
  elseif x == nil and y == nil then
    return "nils"
  else
    return "falses"
  end
end
print(classify(1, 2), classify(nil, 2), classify(1, nil), classify(nil, nil), classify(false, false))

-- Loop conditions.
local i = 0
while i < 10 and not (i == 5) do
  i = i + 1
end
local j = 0
while j < 3 or j == 3 do
  j = j + 1
end
local k = 10
repeat
  k = k - 1
until k < 5 or k == 7 and a
print(i, j, k)

-- A value made from a condition chain, and a condition on a value chain.
local v = (a and b) or (c or d)
if (a and b or c) == nil then print("nil") else print(v) end
if a and b == nil then print("b is nil") end
if c == false and not b and a then print("three") end
