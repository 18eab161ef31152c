-- Folding of '^' calls the C library's pow(): every result must be the same double, and
-- pow's special cases decide what is folded (a NaN result is not).
local fmt = "%.17g"
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    out[i] = string.format(fmt, (select(i, ...)))
  end
  print(table.concat(out, " "))
end

-- Integral exponents.
show(2 ^ 10, 2 ^ 52, 2 ^ 53 + 1, 2 ^ 63, 2 ^ 64, 2 ^ 1023, 2 ^ 1024)
show(3 ^ 20, 3 ^ 40, 7 ^ 22, 10 ^ 15, 10 ^ 22, 10 ^ 22, 10 ^ 308, 10 ^ 309)
show(10 ^ -1, 10 ^ -5, 10 ^ -22, 10 ^ -300, 10 ^ -323, 10 ^ -324)
show(2 ^ -1, 2 ^ -1022, 2 ^ -1074, 2 ^ -1075, 0.5 ^ 1074)
show((-2) ^ 3, (-2) ^ 4, (-10) ^ 15, (-0.5) ^ 3, -2 ^ 3, -(2 ^ 4))

-- Fractional exponents.
show(2 ^ 0.5, 3 ^ 0.5, 10 ^ 0.5, 2 ^ (1 / 3), 27 ^ (1 / 3), 1.1 ^ 100, 1.0000001 ^ 10000000)
show(2.5 ^ 3.5, 0.1 ^ 22, 1e10 ^ 0.3, 123.456 ^ 7.89, 5 ^ -1, 7 ^ -3, 9 ^ -0.5)

-- Special cases of pow.
show(0 ^ 0, 1 ^ 0, 0 ^ 1, 0 ^ 2.5, 0 ^ -1, (-0) ^ -1, (-0) ^ -2, (-0) ^ 3)
show(1 ^ 1e309, 1 ^ -1e309, (-1) ^ 1e309, (-1) ^ -1e309, 1e309 ^ 0, (-1e309) ^ 0)
show(2 ^ 1e309, 2 ^ -1e309, 0.5 ^ 1e309, 0.5 ^ -1e309, 1e309 ^ 0.5, 1e309 ^ -0.5)
show((-1e309) ^ 3, (-1e309) ^ 2, (-1e309) ^ -3, (-1e309) ^ 0.5, 1 ^ 0.5, (-1) ^ 2)

-- NaN results are not folded; the operands still are.
local nan1 = (-8) ^ (1 / 3)
local nan2 = (-2) ^ 0.5
local nan3 = (-1e309) ^ 0.5 + 0
print(nan1 ~= nan1, nan2 ~= nan2, nan3 ~= nan3)
