-- Every arithmetic operator with operands from locals, constants, globals,
-- upvalues, fields and calls; operator precedence and associativity.
local a, b = 7, 2
G1, G2 = 9, 4
local t = { n = 5, [1] = 3 }
local function f() return 6 end

local r1 = a + b
local r2 = a - b
local r3 = a * b
local r4 = a / b
local r5 = a % b
local r6 = a ^ b
local r7 = -a
local r8 = a + 1
local r9 = 1 - a
local r10 = G1 * G2
local r11 = G1 / a
local r12 = t.n % b
local r13 = t[1] ^ t.n
local r14 = f() + f()
local r15 = a + b * G1 - t.n / f() % 3 ^ 2
local r16 = (a + b) * (G1 - t.n)
local r17 = -a ^ 2
local r18 = (-a) ^ 2
local r19 = a ^ b ^ 2
local r20 = (a ^ b) ^ 2
local r21 = a - b - 1
local r22 = a - (b - 1)
local r23 = a / b / 2
local r24 = -(-a)
local r25 = #t + a * -b
print(r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13)
print(r14, r15, r16, r17, r18, r19, r20, r21, r22, r23, r24, r25)

-- Results into globals, fields and upvalues.
G3 = a * b + 1
t.m = t.n * 2
t[2] = t[1] + t.n
local function up()
  a = a + 1
  b = b * a
  return a, b
end
print(G3, t.m, t[2], up())

-- Register reuse in long expressions.
local long = a + b + G1 + G2 + t.n + t[1] + f() + a * b * G1 * G2 + (a - b) * (G1 - G2)
local nested = ((((a + 1) * 2) - 3) / 4) % 5
print(long, nested)

-- Arithmetic on string operands converts them at run time.
local sa = "10" + 5
local sb = "3" * a
local sc = a - "1"
print(sa, sb, sc)
