-- Concatenation: a chain of '..' becomes one CONCAT over consecutive registers.
local a, b, c = "a", "b", "c"
local n = 42
local t = { s = "field" }
local function f() return "call" end
G_STR = "g"

local c1 = a .. b
local c2 = a .. b .. c
local c3 = a .. b .. c .. a .. b .. c .. a .. b .. c .. a
local c4 = "x" .. a
local c5 = a .. "y"
local c6 = "x" .. "y" .. "z"
local c7 = n .. ""
local c8 = 1 .. 2
local c9 = a .. n + 1
local c10 = a .. (b .. c)
local c11 = (a .. b) .. c
local c12 = a .. t.s .. f() .. G_STR
local c13 = f() .. f()
local c14 = a .. (n > 10 and "big" or "small") .. b
local c15 = (a .. b) .. (c .. a) .. (b .. c)
local c16 = a .. -n .. #t.s
local c17 = a .. b == "ab"
print(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11)
print(c12, c13, c14, c15, c16, c17)

-- Concatenation in arguments, returns and assignments to fields.
t.s = t.s .. "!"
G_STR = G_STR .. G_STR .. G_STR
local function join(x, y, z)
  return x .. "," .. y .. "," .. z
end
print(t.s, G_STR, join(a, b .. c, n .. n))
local acc = ""
for i = 1, 5 do
  acc = acc .. i .. (i < 5 and "-" or "")
end
print(acc)
