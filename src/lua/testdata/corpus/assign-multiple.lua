-- Multiple assignment: evaluation order, adjustment and the conflict cases.
local a, b, c = 1, 2, 3
a, b = b, a
print(a, b)
a, b, c = c, a, b
print(a, b, c)
a, b, c = 10
print(a, b, c)
a, b = 1, 2, 3
print(a, b)
local function two() return 20, 30 end
local function none() end
a, b, c = two()
print(a, b, c)
a, b, c = 0, two()
print(a, b, c)
a, b, c = two(), 0
print(a, b, c)
a, b = (two())
print(a, b)
a, b, c = none()
print(a, b, c)

-- Globals, fields and upvalues as targets.
local t = { x = 0, y = { z = 0 } }
GA, GB = 1, 2
t.x, t.y.z, GA = GB, GA, t.x
print(t.x, t.y.z, GA)
local function up()
  a, b, t.x = t.x, a, b
  return a, b, t.x
end
print(up())

-- Conflicts: a local that is both a target and used as a table or key in an
-- earlier target is copied before the assignment.
local i = 1
local arr = { 10, 20, 30 }
arr[i], i = i + 100, 2
print(arr[1], arr[2], i)
i, arr[i] = 3, 200
print(i, arr[2], arr[3])
local u = { x = "old" }
local keep = u
u, u.x = { x = "new" }, "changed"
print(u.x, keep.x)
local w = { x = 1 }
w.x, w = 2, nil
print(w)
local k = "x"
local m = {}
m[k], k, m[k] = 1, "y", 2
print(m.x, m.y, k)
local p, q = {}, {}
p[q], q[p], p, q = 1, 2, q, p
print(p[q], q[p])

-- Longer lists on both sides.
local v1, v2, v3, v4, v5, v6 = 1, 2, 3, 4, 5, 6
v1, v2, v3, v4, v5, v6 = v6, v5, v4, v3, v2, v1
print(v1, v2, v3, v4, v5, v6)
t.a, t.b, t.c, t.d = 1, 2
print(t.a, t.b, t.c, t.d)
