-- traversal order of next/pairs and the length operator (ltable.c's layout)
local function keys(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
  return table.concat(out, " ")
end
print(keys({10, 20, 30}))
print(keys({a = 1, b = 2, c = 3, d = 4, e = 5}))
print(keys({1, 2, x = "x", y = "y", 3, [10] = 10, [2.5] = "f", [-1] = "neg"}))
local t = {}
for i = 1, 20 do t["k" .. i] = i end
print(keys(t))
local s = {}
for i = 20, 1, -1 do s[i * 3] = i end
print(keys(s))
local mixed = {}
mixed[true] = "T" mixed[false] = "F" mixed[1.5] = "h" mixed["1"] = "s1" mixed[1] = "n1"
print(keys(mixed))
-- deletion during traversal is allowed (assigning nil to existing fields)
local d = {}
for i = 1, 10 do d[i] = i d["s" .. i] = i end
for k in pairs(d) do if type(k) == "number" and k % 2 == 0 then d[k] = nil end end
print(keys(d))
-- next directly
local n = {5, 6, name = "n"}
print(next(n))
print(next(n, 1))
print(next(n, 2))
print(next(n, "name"))
print(next({}))
print(pcall(next, n, "nokey"))
print(pcall(next, n, 99))
print(pcall(next))
print(pcall(next, 1))
print(select("#", next({})))
local pf, ps, pc = pairs(n)
print(pf == next, ps == n, pc)
print(pcall(pairs))
print(pcall(pairs, nil))
-- length with holes: any border may be returned, but the result is deterministic
print(#{1, 2, 3, nil, 5}, #{1, 2, nil, nil, 5}, #{nil, nil, 3}, #{1, nil}, #{nil}, #{})
local h = {}
h[1] = 1 h[2] = 2 h[4] = 4
print(#h)
local h2 = {1, 2, 3, 4, 5, 6, 7, 8}
h2[8] = nil h2[4] = nil
print(#h2)
local h3 = {}
for i = 1, 100 do h3[i] = i end
h3[50] = nil
print(#h3)
h3[100] = nil
print(#h3)
local h4 = {n = 1}
h4[1] = 1 h4[3] = 3 h4[2] = 2 h4[5] = 5
print(#h4, table.getn(h4), table.maxn(h4))
local h5 = {[1] = 1, [2] = 2, [3] = 3, [5] = 5}
print(#h5)
-- rehash after many insertions and removals keeps the order deterministic
local r = {}
for i = 1, 50 do r[i .. ""] = i end
for i = 1, 50, 3 do r[i .. ""] = nil end
for i = 1, 10 do r[i * 100] = i end
print(keys(r))
-- string keys that collide in length
local lens = {}
for _, w in ipairs({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}) do lens[w] = #w end
print(keys(lens))
-- numeric keys stored in the hash part
local neg = {}
for i = -5, 5 do neg[i] = i * i end
print(keys(neg))
local fl = {}
for i = 1, 8 do fl[i / 2] = i end
print(keys(fl))
