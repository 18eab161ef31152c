-- Expressions that look constant but are not folded.
local x = 10

-- Division and modulo by zero are left for run time.
local d0 = 1 / 0
local dn = -1 / 0
local m0 = 1 % 0
local dd = 0 / 0
local d00 = 5 / (3 - 3)

-- Results that would be NaN are left for run time; their operands are folded.
local nan1 = (1e308 * 10) - (1e308 * 10)
local nan2 = (1e308 * 10) * 0
local nan3 = (-8) ^ (1 / 3)
local nan4 = (1e308 * 10) % 2
local nan5 = 5 % (1e308 * 10)
local nan6 = (2 ^ 1024) / (2 ^ 1024)
print(d0, dn, m0, dd ~= dd, d00)
print(nan1 ~= nan1, nan2 ~= nan2, nan3 ~= nan3, nan4 ~= nan4, nan5 ~= nan5, nan6 ~= nan6)

-- Operands that are not numeric constants.
local v1 = x + 1
local v2 = 1 + x
local v3 = 1 + x + 2
local v4 = 1 + 2 + x
local v5 = x * (2 + 3)
local v6 = (x) - 1
local v7 = 2 ^ x
local s1 = "10" + 1
local s2 = "a" .. "b"
local s3 = 1 .. 2
local s4 = "3" * "4"
print(v1, v2, v3, v4, v5, v6, v7, s1, s2, s3, s4)

-- Length, not and comparisons are never folded.
local l1 = #"abc"
local n1 = not 1
local n2 = not nil
local n3 = not true
local n4 = not false
local n5 = not "s"
local n6 = not not 0
local c1 = 1 < 2
local c2 = 1 == 1
local c3 = "a" ~= "b"
local c4 = 2 >= 1
local c5 = 1 > 2
local c6 = nil == false
print(l1, n1, n2, n3, n4, n5, n6, c1, c2, c3, c4, c5, c6)

-- Unary minus on things that are not numerals.
local u1 = -x
local u2 = -"2"
local u3 = -(x)
local u4 = -(1 / 0)
local u5 = -(0 / 0)
local u6 = - -x
local u7 = -#"ab"
print(u1, u2, u3, u4, u5 ~= u5, u6, u7)

-- A constant operand after a jump is no longer a plain numeral.
local j1 = (false and 1 or 2) + 3
local j2 = (x and 1) + 1
local j3 = (1 or x) + 1
print(j1, j2, j3)

local function never()
  local a = -{}
  local b = {} + 1
  local c = -nil
  local d = -true
  local e = nil + 1
  return a, b, c, d, e
end
print(type(never))
