-- Table constructors: array items, record items, computed keys, separators and
-- the size hints of NEWTABLE.
local e = {}
local a1 = { 1 }
local a3 = { 1, 2, 3 }
local r1 = { x = 1 }
local r3 = { x = 1, y = 2, z = 3 }
local k = { [1] = "a", ["b"] = 2, [3.5] = true, [false] = 0 }
local mix = { 1, x = 2, 3, [10] = 4, 5; y = 6; 7 }
local trail1 = { 1, 2, }
local trail2 = { x = 1; }
local semi = { 1; 2; 3 }
local nested = { { 1, 2 }, { x = { y = { z = 1 } } }, {} }
local exprs = { 1 + 1, "a" .. "b", #a3, not nil, a3[2] }
local keyexp = { [1 + 1] = 2, ["k" .. 1] = 3, [a3[1]] = 4 }
local vals = { nil, false, true, "s", 1.5, -1, e }
local fns = { function() return 1 end, f = function(self) return self end }
print(#e, #a1, #a3, r1.x, r3.z, k[1], k.b, k[3.5], k[false])
print(mix[1], mix[2], mix[3], mix[4], mix.x, mix.y, mix[10], #trail1, trail2.x, #semi)
print(nested[2].x.y.z, exprs[1], exprs[2], exprs[3], exprs[4], exprs[5], keyexp[2], keyexp.k1, keyexp[1])
print(vals[2], vals[3], vals[4], vals[7] == e, fns[1](), fns.f(fns) == fns)

-- Hash sizes that exercise the floating-byte encoding of NEWTABLE B and C.
local h8 = { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8 }
local h9 = { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9 }
local h17 = {
  a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9,
  j = 10, k = 11, l = 12, m = 13, n = 14, o = 15, p = 16, q = 17,
}
local a9 = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }
local a17 = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 }
local a31 = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
}
print(h8.h, h9.i, h17.q, #a9, #a17, #a31)

-- Constructors ending in a call or '...' keep all its values.
local function three() return 1, 2, 3 end
local c1 = { three() }
local c2 = { three(), three() }
local c3 = { (three()) }
local c4 = { three(), 10 }
local c5 = { x = 1, three() }
local c6 = { three(), x = 1 }
local c7 = { 0, three() }
print(#c1, #c2, #c3, #c4, #c5, #c6, #c7)
local function varg(...)
  local v1 = { ... }
  local v2 = { 0, ... }
  local v3 = { ..., 0 }
  local v4 = { (...) }
  local v5 = { n = select("#", ...), ... }
  return #v1, #v2, #v3, #v4, v5.n
end
print(varg(1, 2, 3))
print(varg())

-- A constructor as a statement-level value and in calls.
print(#{ 1, 2, 3 }, ({ 1, 2 })[2], ({ x = "x" }).x)
local t = setmetatable({}, { __index = { default = 1 } })
print(t.default)
