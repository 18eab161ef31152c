-- The six comparison operators with registers and constants on each side.
local x, y = 3, 4
local s = "abc"
local t = {}

local r = {
  x < y, x <= y, x > y, x >= y, x == y, x ~= y,
  x < 5, x <= 5, x > 5, x >= 5, x == 5, x ~= 5,
  5 < x, 5 <= x, 5 > x, 5 >= x, 5 == x, 5 ~= x,
  1 < 2, 1 <= 2, 1 > 2, 1 >= 2, 1 == 2, 1 ~= 2,
  s == "abc", "abc" == s, s ~= "x", "x" < s, s <= "b",
  x == nil, nil == x, x ~= nil, nil ~= x,
  t == true, false == t, true ~= false,
  nil == nil, nil ~= false,
}
for i = 1, #r do
  io.write(tostring(r[i]), " ")
end
print()

-- In conditions.
if x < y then print("lt") end
if x > y then print("gt") end
if x <= 3 then print("le") end
if 3 >= x then print("ge") end
if x == 3 then print("eq") end
if x ~= 3 then print("ne") end
if "a" < "b" then print("strings") end
if 2 > 1 then print("constants") end
if t.missing == nil then print("missing") end
if #t == 0 then print("empty") end

-- Operands that need registers: calls, fields, upvalues, globals.
local function f() return 7 end
G = 7
local function g()
  return f() == G, x < f(), t.n == nil, G >= y + 1, -x < -y
end
print(g())
print(f() < f() + 1, (x + 1) == y, #s == 3, s .. "d" == "abcd")
