-- 'and' and 'or' used for their values: TESTSET, LOADBOOL and jump lists.
local a, b, c, d = 1, nil, false, "s"
local t = { x = 1 }

local v1 = a and b
local v2 = a or b
local v3 = a and b or c
local v4 = a or b and c
local v5 = (a or b) and c
local v6 = a and (b or c)
local v7 = a and b and c and d
local v8 = a or b or c or d
local v9 = b or c or d or a
local v10 = a and 1 or 2
local v11 = b and 1 or 2
local v12 = a and "yes" or "no"
local v13 = a == 1 and "one" or "other"
local v14 = a < 2 and b or d
local v15 = (a and b) or (c and d) or (a and d)
local v16 = t.x or t.y
local v17 = t.y and t.y.z or 0
print(v1, v2, v3, v4, v5, v6, v7, v8, v9, v10)
print(v11, v12, v13, v14, v15, v16, v17)

-- Constants on either side.
local k1 = nil or a
local k2 = false or a
local k3 = true or a
local k4 = 1 or a
local k5 = nil and a
local k6 = false and a
local k7 = true and a
local k8 = "s" and a
local k9 = a or nil
local k10 = a and false
local k11 = a or true
local k12 = nil or false
local k13 = true and false or nil
print(k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13)

-- Self-assignment: the value stays in its own register (TEST rather than TESTSET).
a = a or 5
b = b or 6
c = c and 7
d = d and d .. "!" or "none"
print(a, b, c, d)

-- Into globals, fields, upvalues and arguments.
GV = a and b or c
t.y = t.x or t.z
t[a or 1] = b and 1 or 2
local function up()
  d = d or a
  return d and a or b
end
print(GV, t.y, t[1], up())
print(a and b, a or b, (a and b) or c)
local s = (a or "x") .. (b or "y") .. (c and "z" or "w")
print(s)

-- Comparisons used as values.
local r1 = a < 2
local r2 = a == b
local r3 = a ~= b and a >= 1
local r4 = not (a > 2) or b
local r5 = a < 2 or a > 10
local r6 = a <= 1 and b == nil and c ~= false
print(r1, r2, r3, r4, r5, r6)
local list = { a < 2, a > 2, a == 1 or nil }
print(list[1], list[2], list[3])
