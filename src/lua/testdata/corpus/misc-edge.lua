-- Odd corners of the grammar and of the code generator.
local t = { b = 1, c = 2, f = function(...) return select("#", ...) end }
t.b, t.c = t.c, t.b
print(t.b, t.c)
x = 1
x = x
local y = y
print(x, y)
local function f(...) return ... end
print((f)(1), (f)"x", type((f){}), ("x"):len(), (t).f(1, 2))
t.d = { e = {} }
t.d["e"].g = "g"
t["d"].e["h"] = t.d.e.g .. "h"
print(t.d.e.g, t.d.e.h)
;(f)(t)
local e = function() end
print(e(), (function() end)())
local g = f(f(f()))
print(g)
-- Parenthesised expressions that truncate to one value.
local a1, a2 = (f(1, 2))
local b1, b2 = (...)
print(a1, a2, b1, b2)
-- Statements that start with a parenthesis.
local s = "str"
;(print)(s)
-- The same local used as table, key and value.
local k = {}
k[k] = k
print(k[k] == k)
-- Assignments where the right side reads targets of the left side.
local p, q = 1, 2
p, q = q, p + q
print(p, q)
-- Nested function definitions in table fields.
local api = { v = {} }
function api.v.get(z) return z end
print(api.v.get("nested"))
-- Empty blocks everywhere.
do end
if true then end
while false do end
for _ = 1, 0 do end
for _ in next, {} do end
repeat until true
local function empty() end
empty()
return
