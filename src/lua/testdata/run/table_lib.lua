-- table.insert, remove, concat, sort, maxn, getn, setn, foreach, foreachi
local function show(t, n) local o = {} for i = 1, n or #t do o[i] = tostring(t[i]) end return "{" .. table.concat(o, ",") .. "}" end
local t = {}
table.insert(t, "a") table.insert(t, "b") table.insert(t, 1, "c") table.insert(t, 2, "d") table.insert(t, #t + 1, "e")
print(show(t))
print(table.remove(t), show(t))
print(table.remove(t, 1), show(t))
print(table.remove(t, 2), show(t))
print(table.remove({}), table.remove({}, 1), #t)
print(select("#", table.remove({})))
local r = {1, 2, 3}
print(table.remove(r, 5), show(r))
print(table.remove(r, 0), show(r))
print(table.remove(r, -1), show(r, 3))
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert, {}))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, {}, "x", 1))
local far = {1, 2}
table.insert(far, 10, "ten")
print(far[10], #far)
-- concat
print(table.concat({}), table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", "), table.concat({"a", "b", "c"}, "-", 2))
print(table.concat({"a", "b", "c"}, "", 2, 3), table.concat({"a", "b", "c"}, "x", 3, 2), table.concat({1.5, 2, "z"}, " "))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, nil, 3}, ",", 1, 3))
print(pcall(table.concat, {true}))
print(pcall(table.concat, {}, {}))
print(pcall(table.concat))
print(table.concat({"a", "b"}, 1), table.concat({[0] = "z", "a"}, ",", 0))
-- sort
local nums = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(nums) print(show(nums))
table.sort(nums, function(a, b) return a > b end) print(show(nums))
local words = {"pear", "apple", "fig", "banana", "Cherry", "date"}
table.sort(words) print(show(words))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end) print(show(words))
local recs = {{n = "x", v = 3}, {n = "y", v = 1}, {n = "z", v = 2}}
table.sort(recs, function(a, b) return a.v < b.v end)
print(recs[1].n, recs[2].n, recs[3].n)
local big = {}
for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[200])
table.sort({}) table.sort({1})
print(pcall(table.sort, {3, "a", 1}))
print(pcall(table.sort, {1, 2, 3}, 42))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp failed") end))
print(pcall(table.sort, {3, 2, 1, 5, 4}, function(a, b) return true end))
print(pcall(table.sort, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, function(a, b) return a <= b end))
print(pcall(table.sort))
local mt = {__lt = function(a, b) return a.k < b.k end}
local objs = {}
for i, k in ipairs({4, 1, 3, 2}) do objs[i] = setmetatable({k = k}, mt) end
table.sort(objs)
print(objs[1].k, objs[2].k, objs[3].k, objs[4].k)
-- maxn, getn, setn
print(table.maxn({}), table.maxn({1, 2, 3}), table.maxn({[10] = 1, [2.5] = 1, x = 1}), table.maxn({[-1] = 1}))
print(table.getn({1, 2, 3}), pcall(table.getn, 1))
print(pcall(table.setn, {}, 1))
-- foreach and foreachi
table.foreachi({"a", "b", "c"}, function(i, v) io.write(i, v, " ") end) print()
print(table.foreachi({"a", "b", "c"}, function(i, v) if i == 2 then return "stop" .. v end end))
local fkeys = {}
table.foreach({x = 1, y = 2, 10}, function(k, v) fkeys[#fkeys + 1] = tostring(k) .. v end)
table.sort(fkeys) print(table.concat(fkeys, " "))
print(table.foreach({a = 1}, function(k, v) return k, v end))
print(pcall(table.foreach, {1}, nil))
-- positions are C ints
local wrap = {1, 2}
print(pcall(table.insert, wrap, 2^32 + 1, "w"))
print(show(wrap))
print(table.concat({"a", "b", "c"}, ",", 2^32 + 1, 2^32 + 2))
print(pcall(table.remove, {1, 2, 3}, 2^32 + 3), pcall(table.concat, {}, ",", 1, 2^31))
-- sort is not stable; equal elements end up in an order fixed by the algorithm
local recs2 = {}
for i = 1, 20 do recs2[i] = {k = i % 3, id = i} end
table.sort(recs2, function(a, b) return a.k < b.k end)
local ids = {}
for i, v in ipairs(recs2) do ids[i] = v.id end
print(table.concat(ids, " "))
local strs = {}
for i = 1, 30 do strs[i] = string.char(97 + (i * 7) % 26) .. i end
table.sort(strs, function(a, b) return a:sub(1, 1) < b:sub(1, 1) end)
print(table.concat(strs, " "))
