-- Operator precedence and associativity across all binary and unary operators:
-- or < and < comparison < .. < + - < * / % < unary < ^
local a, b, c, d = 2, 3, 4, 5
local s = "s"
local r = {
  a + b * c,
  (a + b) * c,
  a * b + c * d,
  a - b - c,
  a / b * c,
  a % b * c,
  -a ^ b,
  (-a) ^ b,
  a ^ -b,
  a ^ b ^ -1,
  -a * -b,
  not a == b,
  not (a == b),
  #s + a,
  -#s,
  a .. b .. c,
  a + b .. c + d,
  a .. b == "23",
  a < b == true,
  a < b and b < c,
  a < b or c,
  a and b or c and d,
  a or b and c,
  not a or b,
  not a and b or not c,
  a + b < c * d and s .. s == "ss" or false,
  a == b == false,
  "x" .. a ^ 2,
  -a .. -b,
  2 ^ 2 ^ 3,
  -2 ^ -2,
  a * b % c / d,
  a - -b,
  a - - -b,
  not not a,
}
for i = 1, #r do io.write(tostring(r[i]), " ") end
print()
