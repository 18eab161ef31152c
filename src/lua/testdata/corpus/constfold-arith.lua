-- Arithmetic on numeric constants is folded at compile time.
local add = 1 + 2
local sub = 10 - 4.5
local mul = 6 * 7
local div = 1 / 3
local divneg = -1 / 3
local mod = 17 % 5
local modneg1 = -17 % 5
local modneg2 = 17 % -5
local modfrac = 5.5 % 2
local modzero = 0 % 5
local modnegzero = -0 % 5
local pow = 2 ^ 10
local powfrac = 2 ^ 0.5
local powneg = 2 ^ -2
local unm = -5
local unm2 = - -5
local unm3 = -(-(-5))
local negpow = -2 ^ 2
local prec = 1 + 2 * 3 - 4 / 2
local paren = (1 + 2) * 3
local parenk = (2) + 3
local right = 2 ^ 3 ^ 2
local chain = 1 + 2 + 3 + 4 + 5
local mixed = (2 + 3) * (4 - 1) / 5 % 4 ^ 2
local hex = 0x10 + 0x0f
local frac = .5 + .25
local float = 0.1 + 0.2
print(add, sub, mul, div, divneg, mod, modneg1, modneg2, modfrac, modzero, modnegzero)
print(pow, powfrac, powneg, unm, unm2, unm3, negpow, prec, paren, parenk, right)
print(chain, mixed, hex, frac, float)

-- Results that overflow to infinity are still folded.
local big = 2 ^ 1024
local bigmul = 1e308 * 10
local neginf = -1e308 * 10
local infsum = 1e308 * 10 + 1
print(big, bigmul, neginf, infsum)

-- Zero and negative zero share one constant slot; whichever comes first is kept.
local z1 = 0
local z2 = -0
local z3 = 0 * -1
local z4 = -0 + 0
print(z1, z2, z3, z4, 1 / z2, 1 / z3)
local function negfirst()
  local n = -0
  local p = 0
  return 1 / n, 1 / p
end
print(negfirst())

-- pow through the C library: results must match bit for bit.
local p1 = 10 ^ -5
local p2 = 10 ^ 22
local p3 = 10 ^ 308
local p4 = 1.1 ^ 100
local p5 = 3 ^ 0.5
local p6 = 7 ^ -3
local p7 = 10 ^ 15
local p8 = 5 ^ -1
local p9 = 2.5 ^ 3.5
local p10 = 0.1 ^ 22
print(string.format("%.17g %.17g %.17g %.17g %.17g", p1, p2, p3, p4, p5))
print(string.format("%.17g %.17g %.17g %.17g %.17g", p6, p7, p8, p9, p10))

-- Folding inside other expressions and statements.
local t = {}
t[1 + 1] = 2 * 2
t[-1] = -(1)
t.x = 3 - 1
print(t[2], t[-1], t.x, #t, 2 * 3 == 6)
for i = 1 + 0, 2 * 2, 4 / 4 do
  t[i] = i ^ 2
end
print(t[1], t[2], t[3], t[4])
local function f(a)
  return a * (2 + 2), 5 % 3, -(2 ^ 2)
end
print(f(1 + 1))

-- A folded numeral after 'and'/'or' with constant operands.
local andk = (1 and 2) + 3
local ork = (nil or 2) + 1
local falsek = (false or 4) * 2
print(andk, ork, falsek)
