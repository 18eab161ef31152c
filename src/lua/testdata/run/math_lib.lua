-- the math library, printed with %.17g
local function p(label, ...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = type(v) == "number" and string.format("%.17g", v) or tostring(v)
  end
  print(label, table.concat(out, " "))
end
p("pi huge", math.pi, math.huge, -math.huge)
p("abs", math.abs(-3.5), math.abs(0), math.abs(-0), math.abs(-1/0))
p("ceil", math.ceil(1.2), math.ceil(-1.2), math.ceil(-0.5), math.ceil(5), math.ceil(2^53 + 0.5))
p("floor", math.floor(1.8), math.floor(-1.2), math.floor(-0), math.floor(1e100))
p("sqrt", math.sqrt(2), math.sqrt(16), math.sqrt(-1), math.sqrt(1/0))
p("exp log", math.exp(1), math.exp(0), math.exp(710), math.log(10), math.log(0), math.log(-1), math.log10(1000), math.log10(2))
p("pow", math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3), math.pow(0, 0), math.pow(2, -1074), 2^1024)
p("trig", math.sin(1), math.cos(1), math.tan(1), math.sin(0), math.cos(math.pi), math.sin(math.pi))
p("atrig", math.asin(0.5), math.acos(0.5), math.atan(1), math.atan2(1, 1), math.atan2(-1, -1), math.atan2(0, -1), math.atan2(1, 0))
p("hyper", math.sinh(1), math.cosh(1), math.tanh(1), math.tanh(100))
p("deg rad", math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1))
p("fmod", math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(5.5, 2), math.fmod(1, 0), math.fmod(0, 1))
p("%", 7 % 3, -7 % 3, 7 % -3, 5.5 % 2, -5.5 % 2, 1 % 0, 1 % math.huge, -1 % math.huge)
p("modf", math.modf(3.7)) p("modf", math.modf(-3.7)) p("modf", math.modf(5)) p("modf", math.modf(1/0)) p("modf", math.modf(-0.5))
p("frexp", math.frexp(8)) p("frexp", math.frexp(0.3)) p("frexp", math.frexp(0)) p("frexp", math.frexp(-1e-310))
p("ldexp", math.ldexp(1, 10), math.ldexp(0.75, -2), math.ldexp(1, 1024), math.ldexp(1, -1075), math.ldexp(3, 2.9))
p("min max", math.min(3, 1, 2), math.max(3, 1, 2), math.min(5), math.max(-0, 0), math.min(1, 0/0), math.max(0/0, 1))
p("min max str", math.min("10", 9), math.max("0x10", 3))
p("division", 1/3, 2/3, 10/4, -7/2, 0/5, 1e308 * 10, -1e308 * 10)
p("pow op", 2^0.5, (-2)^2, (-2)^0.5, 2^-1, 10^15, 10^16, 10^-5, 0^0, (-0)^-1)
p("unm", -(2^53), -(-0), -(1/0))
p("int-ish", 0.1 + 0.2, 1 - 0.9, 1e15 + 0.3, 2^53 + 1, 123456789 * 987654321)
-- random is deterministic after randomseed
math.randomseed(42)
local r1 = {math.random(), math.random(10), math.random(5, 7)}
math.randomseed(42)
local r2 = {math.random(), math.random(10), math.random(5, 7)}
print("random repeatable", r1[1] == r2[1], r1[2] == r2[2], r1[3] == r2[3])
local inrange = true
for i = 1, 1000 do
  local a, b, c = math.random(), math.random(3), math.random(-2, 2)
  if a < 0 or a >= 1 or b < 1 or b > 3 or b % 1 ~= 0 or c < -2 or c > 2 then inrange = false end
end
print("random ranges", inrange)
print(pcall(math.random, 0))
print(pcall(math.random, 5, 1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.floor, "x"))
print(pcall(math.floor))
print(pcall(math.max))
print(pcall(math.min, 1, nil))
print(pcall(math.atan2, 1))
print(pcall(math.ldexp, 1))
print(math.floor("3.7"), math.abs("-2"))
-- comparisons with nan and infinities
local nan = 0/0
print(nan == nan, nan ~= nan, nan < 1, nan > 1, 1/0 > 2^1023, -1/0 < -2^1023)
local tnan = {}
print(pcall(function() tnan[nan] = 1 end))
print(tnan[nan])
-- numeric for with float steps
local acc = {}
for x = 0, 1, 0.25 do acc[#acc + 1] = x end
print(table.concat(acc, " "))
acc = {}
for x = 1, 0, -0.5 do acc[#acc + 1] = x end
print(table.concat(acc, " "))
local cnt = 0
for x = 1, 0 do cnt = cnt + 1 end
for x = 0, 0.3, 0.1 do cnt = cnt + 1 end
print(cnt)
-- the generator is C's rand(): the same sequence for the same seed
math.randomseed(42)
local seq = {}
for i = 1, 10 do seq[i] = math.random(1, 100) end
print(table.concat(seq, " "), string.format("%.17g", math.random()))
math.randomseed(0)
print(math.random(1000), math.random(1000), math.random(-5, 5))
math.randomseed(2^31 + 7)
print(math.random(100))
