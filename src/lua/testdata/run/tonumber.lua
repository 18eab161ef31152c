-- tonumber: decimal conversions, odd strings, bases
local function p(s, base)
  local r
  if base then r = tonumber(s, base) else r = tonumber(s) end
  local shown = string.format("%q", tostring(s)):gsub("0([xX])", "0<%1>")
  print(string.format("%-16s base %-4s -> %s", shown, tostring(base), r == nil and "nil" or string.format("%.17g", r)))
end
local decimal = {
  "10", " 10 ", "\t10\n", "10 x", "", " ", "0x", "0x10", "0X1f", "-0x10", "+0x10", "0x-1",
  "0xg", "1e", "1e+", "1e5", "1E-2", ".5", "5.", ".", "-.5", "+5", "++5", "--5",
  "inf", "-inf", "nan", "infinity", "1e400", "-1e400", "1e-400", "0x7fffffff", "0xffffffff",
  "0x100000000", "0xffffffffffffffff", "1.5e3", "  -7.25e-1  ", "1 2", "1_000", "0b101",
  "010", "08", "3.14abc", "\0", "1\0", "0x1p4", "9007199254740993", "123456789012345678",
}
for _, s in ipairs(decimal) do p(s) end
p(42) p(-0.5) p(nil) p(true) print(tonumber({}), tonumber(print))
local based = {
  {"ff", 16}, {"FF", 16}, {"zz", 36}, {"Zz", 36}, {"10", 2}, {"102", 2}, {"777", 8}, {"8", 8},
  {"  11  ", 2}, {"-ff", 16}, {"+ff", 16}, {"", 10}, {" ", 16}, {"0x10", 16}, {"1.5", 10},
  {"1e2", 10}, {"10", 10}, {"7fffffff", 16}, {"ffffffff", 16}, {"100000000", 16},
  {"ffffffffffffffff", 16}, {"z", 35}, {"y", 35}, {"11", 3}, {10, 16}, {"10", "16"},
  {"1 0", 2}, {"-", 10}, {"-0", 10},
}
for _, c in ipairs(based) do p(c[1], c[2]) end
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, "10", 0))
print(pcall(tonumber, "10", "x"))
print(pcall(tonumber))
print(pcall(tonumber, nil))
print(select("#", tonumber("x")), select("#", tonumber(nil)))
print(pcall(tonumber, {}, 16))
print(pcall(tonumber, 15, 16))
-- coercions in arithmetic use the same rules
print("0x10" + 0, " 10 " * 2, "1e2" - 1, pcall(function() return "1e" + 0 end))
print(10 == "10", "10" + 0 == 10, "1\0" + 1, "1\0x" * 2, tonumber("f\0z", 16))
