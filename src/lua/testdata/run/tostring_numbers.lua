-- tostring of numbers: LUAI_NUMFFORMAT is "%.14g"
local values = {
  0, -0, 1, -1, 0.1, -0.1, 1/3, 2/3, 100, 1e14, 1e15, 1e16, 1e17, 123456789012345,
  1234567890123456, 12345678901234567, 2^53, 2^53 + 1, 2^53 - 1, -2^53, 2^63, 2^64, 2^31,
  2^32, 2^31 - 1, -2^31, 1/0, -1/0, 0/0, 1e308, 1.7976931348623157e308, 2.2250738585072014e-308,
  4.9406564584124654e-324, 1e-5, 1e-4, 0.0001234, 123456.7, 99999999999999, 999999999999999,
  9999999999999.9, 99999999999999.9, 0.30000000000000004, 3.14159265358979, 1e100, -1e-100,
  5e-324, 314.15e-2, 1e21, 12345678901234.5, 0.1 + 0.2,
}
for i, v in ipairs(values) do
  io.write(i, " ", tostring(v), " ", string.format("%.17g", v), "\n")
end
-- -0 from computations
print(-0, 0 * -1, -0.0 == 0, 1 / -0, math.huge, -math.huge, tostring(-(0/0)))
-- concatenation uses the same format
print(1e15 .. "", 1e16 .. "|" .. 2^53 .. "|" .. 0.1 .. "|" .. -0)
-- numbers as table keys keep their value
local t = {}
t[1e15] = "a" t[2^53] = "b" t[0.5] = "c"
print(t[1e15], t[2^53], t[0.5], t["1e+15"])
-- string.format %s and %d on the same values
print(string.format("%s %s %s", 1e15, 2^53, 1/3))
print(string.format("%d %d %d", 1e15, 2^31, -2^31))
print(string.format("%.14g|%.15g|%.16g|%.17g", 0.1, 0.1, 0.1, 0.1))
print(string.format("%g %g %g %g", 1e-5, 123456, 1234567, 0.0001))
print(string.format("%e %E %.0e %.3e", 12345.6789, 0.00012, 5e10, -1/3))
print(string.format("%f %.0f %.1f %.10f", 2^53, 0.5, 0.05, 1/3))
print(string.format("%.0f %.0f %.0f %.0f", 1.5, 2.5, -0.5, 3.5))
print(string.format("%5.1f|%-8.3f|%+f|% f|%08.2f", 3.14159, 2.5, 1, 1, -3.14159))
print(string.format("%g %g %g", 1/0, -1/0, 0/0))
print(string.format("%f %e", 1/0, -1/0))
print(string.format("%.3s|%10.2s|%-10s|", "abcdef", "xyz", "left"))
