-- string.dump and loading binary chunks back
local function roundtrip(f) return loadstring(string.dump(f)) end
local function constants() return nil, true, false, 0, -0.5, 1e300, 2^53, "", "str\0with\0zeros", ("x"):rep(300) end
local c = roundtrip(constants)
local a = {c()}
print(select("#", c()), a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8] == "", a[9] == "str\0with\0zeros", #a[10])
local function varargs(...) local n = select("#", ...) return n, ... end
print(roundtrip(varargs)(1, nil, 3))
local function nested(x)
  local function inner(y) return function(z) return x + y + z end end
  return inner(10)(100)
end
print(roundtrip(nested)(1))
local function loops()
  local s = 0
  for i = 1, 10 do if i % 2 == 0 then s = s + i end end
  for k, v in pairs({a = 1}) do s = s + v end
  local i = 0
  while i < 3 do i = i + 1 end
  repeat i = i - 1 until i == 0
  return s, i
end
print(roundtrip(loops)())
local function tables() local t = {1, 2, 3, x = {y = "z"}, [10] = 10} return #t, t.x.y, t[10] end
print(roundtrip(tables)())
-- upvalues are fresh and nil after loading
local captured = "captured"
local function useup() return captured end
local loaded = roundtrip(useup)
print(useup(), loaded())
-- the same bytes after a second round trip
local d1 = string.dump(loops)
local d2 = string.dump(loadstring(d1))
print(d1 == d2, #d1 == #d2)
-- line information survives: errors point into the original source
local function failing(t)
  local x = 1
  return t.field.sub
end
local lf = roundtrip(failing)
print(pcall(lf, {}))
print(pcall(failing, {}))
-- dumps of chunks compiled from strings keep their chunk names
local chunk = loadstring("local a = ...\nreturn a.b", "=custom name")
print(pcall(roundtrip(chunk), nil))
local chunk2 = loadstring("return ...", "source text")
print(roundtrip(chunk2)("ok"))
-- a dumped main chunk can be run several times
local counter = loadstring(string.dump(loadstring("n = (n or 0) + 1 return n")))
print(counter(), counter(), counter())
-- binary chunks through load with a reader
local bytes = string.dump(varargs)
local pos = 0
local viaReader = load(function() if pos >= #bytes then return nil end local piece = bytes:sub(pos + 1, pos + 7) pos = pos + 7 return piece end)
print(viaReader("r1", "r2"))
-- corrupted binary chunks
print(loadstring(bytes:sub(1, 11)))
print(loadstring(bytes:sub(1, #bytes - 1)))
print(loadstring("\27Lua\81\1"))
print(loadstring("\27Lua\80" .. bytes:sub(6)))
print(loadstring("\27Lua\81\0\2" .. bytes:sub(8)))
print(loadstring(bytes:sub(1, 7) .. "\2" .. bytes:sub(9)))
print(loadstring(bytes .. "trailing garbage") ~= nil)
-- string.dump of natives and non-functions
print(pcall(string.dump, print))
print(pcall(string.dump, coroutine.wrap(function() end)))
print(pcall(string.dump, {}))
