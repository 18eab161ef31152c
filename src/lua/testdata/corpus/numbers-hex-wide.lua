-- Hexadecimal literals wider than 32 bits, converted to the nearest double.
local a = 0x100000000
local b = 0xffffffffffff
local c = 0x1fffffffffffff
local d = 0x20000000000001
local e = 0xffffffffffffffff
local f = 0x10000000000000000
local g = 0xfffffffffffffffffffff
local h = 0x0000000000000000001
print(a, b, c, d, e, f, g, h)
print(string.format("%.17g %.17g %.17g", d, e, g))
