-- Global reads and writes: GETGLOBAL and SETGLOBAL with the name as a constant.
x = 1
y = x + 1
z = x + y
print(x, y, z)
x, y = y, x
print(x, y)
print(_G.x, _G["y"], rawget(_G, "z"))
undefined = nil
print(undefined, still_undefined)
function globalfn(a)
  return a * 2
end
print(globalfn(21))
local function setglobal(name, value)
  _G[name] = value
end
setglobal("dyn", "amic")
print(dyn)
counter = 0
for i = 1, 10 do
  counter = counter + i
end
print(counter)
string_alias = string
print(string_alias.upper("g"))
-- A name that is a global in one function and a local in another.
local function uses_global()
  return shared
end
local function uses_local()
  local shared = "local"
  return shared
end
shared = "global"
print(uses_global(), uses_local())
