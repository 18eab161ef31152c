-- Numeric literals: decimal, fractional, exponent and hexadecimal forms.
-- Each distinct value becomes one constant; equal values share a slot.

local a = 0
local b = 1
local c = 42
local d = 3.
local e = .5
local f = 3.25
local g = 1e10
local h = 1E10
local i = 1e+10
local j = 1e-10
local k = 2.5e3
local l = .5e-3
local m = 0x10
local n = 0XfF
local o = 0xABCDEF
local p = 0x7fffffff
local q = 0xffffffff
local r = 007
local s = 1.0
local t = 100000000000000
local u = 123456789012345678

-- Same value spelled differently: one constant.
local same1, same2, same3, same4 = 16, 0x10, 1.6e1, 16.0

-- Values that are not exactly representable.
local tenth = 0.1
local third = 0.3333333333333333
local long = 0.1000000000000000055511151231257827
local pi = 3.14159265358979323846264338327950288

-- Extremes.
local tiny = 4.9406564584124654e-324
local denorm = 2.2250738585072011e-308
local under = 1e-400
local maxd = 1.7976931348623157e308
local over = 1e309

-- Numbers as table keys and values, and in calls.
local tbl = { [1] = 1, [2.5] = 2.5, [0x20] = 1e2, [-1] = -1 }
print(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u)
print(same1, same2, same3, same4, tenth, third, long, pi)
print(tiny, denorm, under, maxd, over, tbl[32], tbl[2.5], tbl[-1])

-- Globals assigned numbers use SETGLOBAL with a LOADK.
X1 = 12
X2 = 0x0
X3 = 9.75
X4 = 1e300 * 1e10
print(X1, X2, X3, X4)
