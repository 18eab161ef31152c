-- Storing each kind of expression into locals, globals, upvalues and fields.
local t = {}
local function f() return 1, 2 end
local up = 0
local l
-- Into a local: constants, other locals, results of operations, calls, vararg-free values.
l = nil
l = true
l = false
l = 1
l = "s"
l = up
l = t
l = t.x
l = G_VALUE
l = up + 1
l = not up
l = #t
l = -up
l = up .. ""
l = up == 0
l = f()
l = (f())
l = {}
l = function() return up end
l = up and t or l
print(l ~= nil)
-- Into a global.
GV = nil
GV = true
GV = 2
GV = "s"
GV = l
GV = GV
GV = t.x
GV = up * 2
GV = f()
GV = {}
GV = up < 1
print(GV)
-- Into an upvalue.
local function setup()
  up = nil
  up = false
  up = 3
  up = "s"
  up = l
  up = t
  up = up
  up = GV
  up = t[1]
  up = #t + 1
  up = f()
  up = {}
  up = up ~= nil
  return up
end
print(setup())
-- Into a field with constant and register keys.
local k = "key"
t.a = nil
t.a = true
t.a = 1
t.a = "s"
t.a = l
t.a = GV
t.a = t.a
t.a = f()
t.a = {}
t[k] = t.a
t[1] = k .. k
t[k .. 1] = 1 + #t
t[f()] = (f())
t[t] = t
print(t.a ~= nil, t[k] == t.a, t[1], t.key1, t[1], t[t] == t)
