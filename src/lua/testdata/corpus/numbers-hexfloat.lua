-- The C library's strtod accepts binary exponents on hexadecimal numerals.
local a = 0x1p4
local b = 0x1P10
local c = 0xAp0
local d = 0x1e
local e = 0x1e+5
local f = 0x10p2
print(a, b, c, d, e, f)
