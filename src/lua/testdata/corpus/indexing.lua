-- Table reads and writes with constant, register and computed keys.
local t = { x = 1, y = { z = { w = "deep" } }, [1] = "one", [2] = "two" }
local k = "x"
local i = 2

print(t.x, t["x"], t[k], t[1], t[i], t[i - 1], t.y.z.w, t["y"]["z"]["w"])
t.x = 10
t["x"] = t.x + 1
t[k] = t[k] * 2
t[1] = t[2]
t[i] = "TWO"
t[i + 1] = t[i] .. "!"
t.y.z.w = t.y.z.w:upper()
t.y["z"].v = 5
print(t.x, t[1], t[2], t[3], t.y.z.w, t.y.z.v)

-- Keys of every constant type.
t[true] = "true"
t[false] = "false"
t[1.5] = "float"
t[-3] = "negative"
t[0] = "zero"
t[""] = "empty"
print(t[true], t[false], t[1.5], t[-3], t[0], t[""])
local function badkey()
  t[nil] = 1
  return t[nil]
end
print(pcall(badkey))

-- Keys and tables from upvalues, globals and calls.
G = { a = { b = "gb" } }
local function key() return "a" end
local function tab() return G end
print(G.a.b, G[key()].b, tab().a.b, tab()[key()]["b"])
local function up()
  t[k] = "up"
  G[k] = t
  return t[k], G[k][k]
end
print(up())

-- Chains of index expressions with mixed keys.
local m = { { { "m111", "m112" } }, { { "m211" } } }
print(m[1][1][1], m[1][1][2], m[2][1][1], m[i][1][i - 1], #m[1][1])
local grid = {}
for r = 1, 3 do
  grid[r] = {}
  for c = 1, 3 do
    grid[r][c] = r * 10 + c
  end
end
print(grid[2][3], grid[3][grid[1][1] - 10])
-- String values indexed through the string metatable.
local s = "hello"
print(s.len == string.len, ("x").rep("ab", 2), s:len())
