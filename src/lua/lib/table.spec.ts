// The table library against PUC-Rio lua5.1: every case is a Lua snippet run in-process and by
// lua5.1 (all cases in one lua5.1 process, each as its own chunk), and the printed output,
// error messages included, must be the same. The core cases also carry golden output (from
// lua5.1) so that they are checked where lua5.1 is not installed; with it, the goldens must
// still agree with it (TABLELIB_GOLDEN=1 prints them afresh).

import { describeSnippets, type Snippet } from "../../test-support/snippets.js";

/** Helpers every case may use (one line, so that line numbers stay readable). */
const PRELUDE =
  "local function show(t, n) local s = {} for i = 1, n or #t do s[i] = tostring(t[i]) end print(table.concat(s, ' ')) end " +
  "local function try(f, ...) print(pcall(f, ...)) end\n";

const cases: Snippet[] = [
  // ---------------------------------------------------------------------------------------------
  // concat
  {
    name: "concat",
    core: true,
    code: `
print(table.concat({1, 2, 3}))
print(table.concat({1, 2, 3}, ", "))
print(table.concat({"a", "b", "c", "d"}, "-", 2, 3))
print(table.concat({"a", "b"}, "-", 2, 2), "[" .. table.concat({"a"}, "-", 2, 1) .. "]")
local z = 0
print(table.concat({1.5, 1e100, -z, 2^53, 1/3, 1e15, 123456789012345}, " "))
print(table.concat({}, "x"), #table.concat({}, "x"))
print(table.concat({"a", "b", "c"}, 1))
print(table.concat({"x", "y", "z"}, "", "2"), table.concat({"x", "y", "z"}, "", 1.9, 2.9))
print(table.concat({[0] = "zero", "one", [-1] = "minus"}, ",", -1, 1))
print(#table.concat({"a\\0b", "c"}, "\\0"))
`,
  },
  {
    name: "concat-errors",
    core: true,
    code: `
try(function() return table.concat({1, {}, 3}) end)
try(function() return table.concat({1, nil, 3}, ",", 1, 3) end)
try(function() return table.concat({true}) end)
try(function() return table.concat({"a"}, ",", 1, 2) end)
try(function() return table.concat({print}, ",") end)
try(function() return table.concat(nil) end)
try(function() return table.concat() end)
try(function() return table.concat({}, {}) end)
try(function() return table.concat(nil, {}) end)
try(function() return table.concat({}, ",", "x") end)
try(function() return table.concat({}, ",", 1, {}) end)
try(function() return table.concat("abc") end)
try(table.concat, {print})
try(table.concat, {}, ",", 1, 2)
`,
  },
  // ---------------------------------------------------------------------------------------------
  // insert
  {
    name: "insert",
    core: true,
    code: `
local t = {1, 2, 3}
table.insert(t, 4); table.insert(t, 1, 0); table.insert(t, 3, "x")
print(#t, table.concat(t, ","))
local t = {1, 2}; table.insert(t, 5, "five"); print(#t, t[3], t[4], t[5])
local t = {1, 2}; table.insert(t, 0, "zero"); print(#t, t[0], t[1], t[2])
local t = {1, 2}; table.insert(t, -1, "neg"); print(#t, t[-1], t[1], t[2], t[3])
local t = {}; table.insert(t, "2", "a"); print(t[2], t["2"])
local t = {1, 2, 3}; table.insert(t, 2.9, "f"); print(table.concat(t, ","))
local t = {1, 2, 3}; table.insert(t, 2^32 + 2, "w"); print(table.concat(t, ","))
local t = {1, 2, 3}; table.insert(t, nil); print(#t)
local t = {1, 2, 3}; table.insert(t, 2, nil); print(#t, t[1], t[2], t[3], t[4])
local t = {1, nil, 3}; table.insert(t, "end"); print(#t, t[4])
local t = setmetatable({}, {__newindex = function() error("no") end, __len = function() return 10 end})
table.insert(t, "raw"); print(rawget(t, 1), #t)
`,
  },
  {
    name: "insert-errors",
    core: true,
    code: `
try(function() table.insert({}) end)
try(function() table.insert({}, 1, 2, 3) end)
try(function() table.insert(nil, 1) end)
try(function() table.insert() end)
try(function() table.insert({}, "x", 1) end)
try(function() table.insert({}, {}, 1) end)
try(table.insert, {})
`,
  },
  // ---------------------------------------------------------------------------------------------
  // remove
  {
    name: "remove",
    core: true,
    code: `
local t = {1, 2, 3, 4}
print(table.remove(t), #t)
print(table.remove(t, 1), #t, t[1], t[2], t[3])
print((table.remove(t, 5)), #t)
print(select("#", table.remove({})), select("#", table.remove({}, 1)), select("#", table.remove({1}, 0)))
print(select("#", table.remove({1, 2}, 3)), select("#", table.remove({1, 2}, -1)))
local t = {n = 1}; print(select("#", table.remove(t)), t.n)
local t = {"a", "b", "c"}; print(table.remove(t, "2"), table.concat(t, ","), #t)
local t = {1, 2, 3}; t[5] = 5; print(#t, table.remove(t), #t)
local t = {1, 2, nil}; print(select("#", table.remove(t, 3)))
local t = {10, 20, 30}; print(table.remove(t, 1.5), table.concat(t, ","))
`,
  },
  {
    name: "remove-errors",
    code: `
try(function() table.remove({}, "x") end)
try(function() table.remove(nil) end)
try(function() table.remove("abc", 1) end)
`,
  },
  // ---------------------------------------------------------------------------------------------
  // maxn, getn, setn
  {
    name: "maxn",
    core: true,
    code: `
print(table.maxn({}), table.maxn({1, 2, 3}), table.maxn({[10] = 1, [2.5] = 2, [-3] = 3}))
print(table.maxn({a = 1, [1e10] = 1}), table.maxn({[-1] = 1}), table.maxn({[1.5] = "x"}))
print(table.maxn({1, 2, nil, nil, 5}), table.maxn({n = 3, [2^53] = true}))
local t = {1, 2, 3}; t[3] = nil; print(table.maxn(t))
try(function() return table.maxn(1) end)
try(function() return table.maxn() end)
`,
  },
  {
    name: "getn-setn",
    core: true,
    code: `
print(table.getn({1, 2, 3}), table.getn({}), table.getn({1, nil, 3}), table.getn({n = 5}))
print(table.getn(setmetatable({1}, {__len = function() return 99 end})))
try(function() table.setn({}, 1) end)
try(function() table.setn(1) end)
try(function() return table.getn("x") end)
try(table.setn, {})
`,
  },
  // ---------------------------------------------------------------------------------------------
  // foreach, foreachi
  {
    name: "foreach",
    core: true,
    code: `
local t = {10, 20, 30, x = "a", y = "b", [2.5] = "c"}
table.foreach(t, print)
print(table.foreach(t, function(k, v) if v == 20 then return "stop " .. k end end))
print(table.foreach({1}, function() return false end))
print(select("#", table.foreach({}, print)))
local t = {a = 1, b = 2, c = 3, d = 4}; local n = 0
table.foreach(t, function(k) t[k] = nil; n = n + 1 end); print(n, next(t))
try(function() table.foreach({}, 1) end)
try(function() table.foreach(nil, print) end)
try(function() table.foreach({1}, function(k, v) error("inside " .. v) end) end)
local t = {a = 1}
try(table.foreach, t, function(k) t[k] = nil; for i = 1, 100 do t["k" .. i] = i end end)
`,
  },
  {
    name: "foreachi",
    core: true,
    code: `
table.foreachi({1, 2, nil, 4}, print)
print(table.foreachi({5, 6, 7}, function(i, v) if i == 2 then return v * 10 end end))
print(select("#", table.foreachi({}, print)))
table.foreachi({[0] = 0, 1, n = 2}, print)
local t = {1, 2, 3}
table.foreachi(t, function(i) t[i + 1] = nil; print(i) end)
try(function() table.foreachi(nil, print) end)
try(function() table.foreachi({}) end)
try(function() table.foreachi({}, "print") end)
`,
  },
  // ---------------------------------------------------------------------------------------------
  // sort
  {
    name: "sort",
    core: true,
    code: `
local t = {5, 3, 8, 1, 9, 2, 7}; table.sort(t); show(t)
local t = {"banana", "apple", "Cherry", "date", "", "apple pie", "b"}; table.sort(t); show(t)
local t = {5, 3, 8, 1}; table.sort(t, function(a, b) return a > b end); show(t)
local t = {3, 2, 1}; table.sort(t, nil); show(t)
local t = {}; table.sort(t); show(t)
local t = {1}; table.sort(t); show(t)
local t = {2.5, -1, 0, 1e300, -1e300, 1/0, -1/0, 3}; table.sort(t); show(t)
local t = {"a\\0b", "a", "a\\0a", "\\255", "\\128x", "Z"}; table.sort(t)
local s = {} for i, v in ipairs(t) do s[i] = string.format("%q", v) end print(table.concat(s, " "))
`,
  },
  {
    name: "sort-call-sequence",
    core: true,
    code: `
for _, input in ipairs{{3, 1, 2}, {1, 2, 3, 4, 5, 6, 7, 8}, {8, 7, 6, 5, 4, 3, 2, 1}, {2, 2, 2, 2, 2},
    {1}, {}, {2, 1}, {1, 2}, {5, 1, 4, 2, 3, 9, 7, 8, 6, 0}, {1, 3, 2, 3, 1, 3, 2, 1}} do
  local calls = {}
  local t = {unpack(input)}
  table.sort(t, function(a, b) calls[#calls + 1] = a .. "<" .. b; return a < b end)
  print(#calls, table.concat(calls, " "))
  show(t)
end
`,
  },
  {
    name: "sort-equal-keys",
    core: true,
    code: `
local t = {}
for i = 1, 20 do t[i] = {k = i % 3, id = i} end
table.sort(t, function(a, b) return a.k < b.k end)
local s = {} for i, r in ipairs(t) do s[i] = r.k .. ":" .. r.id end print(table.concat(s, " "))
local t = {}
for i = 1, 12 do t[i] = {k = 1, id = i} end
local calls = 0
table.sort(t, function(a, b) calls = calls + 1; return a.k < b.k end)
local s = {} for i, r in ipairs(t) do s[i] = r.id end print(calls, table.concat(s, " "))
`,
  },
  {
    name: "sort-invalid-order",
    core: true,
    code: `
try(function() table.sort({5, 3, 8, 1, 9, 2, 7, 4, 6}, function(a, b) return true end) end)
local t = {}; for i = 1, 10 do t[i] = 11 - i end
local calls = 0
print(pcall(table.sort, t, function(a, b) calls = calls + 1; return true end))
print(calls); show(t)
local t = {3, 1, 2, 3, 1, 2, 3, 1, 2, 3}
print(pcall(table.sort, t, function(a, b) return a <= b end)); show(t)
local t = {1, 1, 1, 1, 1, 1, 1}
print(pcall(table.sort, t, function(a, b) return a <= b end)); show(t)
local t = {4, 3, 2, 1}
local seen = {}
print(pcall(table.sort, t, function(a, b) seen[#seen + 1] = tostring(a) .. "," .. tostring(b); return b ~= nil end))
print(table.concat(seen, " ")); show(t)
`,
  },
  {
    name: "sort-errors",
    core: true,
    code: `
try(function() table.sort({1, "x", 2}) end)
try(function() table.sort({{}, {}}) end)
try(function() table.sort({3, nil, 1}) end)
try(function() table.sort({true, false}) end)
try(function() table.sort({1, 2, 3}, 1) end)
try(function() table.sort({1, 2, 3}, false) end)
try(function() table.sort(nil) end)
try(function() table.sort({3, 2, 1}, function(a, b) error("boom " .. a) end) end)
try(function() table.sort({3, 2, 1}, function(a, b) return a.x < b end) end)
try(table.sort, {2, 1, "x"})
print(coroutine.wrap(function() return pcall(table.sort, {2, 1}, function() coroutine.yield() end) end)())
`,
  },
  {
    name: "sort-metamethods",
    core: true,
    code: `
local lt = 0
local mt = {__lt = function(a, b) lt = lt + 1; return a.v < b.v end}
local t = {}
for i, v in ipairs{4, 2, 5, 1, 3, 9, 7, 8, 6, 0} do t[i] = setmetatable({v = v}, mt) end
table.sort(t)
local s = {} for i = 1, #t do s[i] = t[i].v end print(lt, table.concat(s, " "))
local other = {__lt = mt.__lt}
try(function() table.sort({setmetatable({v = 1}, mt), setmetatable({v = 2}, other)}) end)
local le = setmetatable({}, {__le = function() return true end})
try(function() table.sort({le, le}) end)
`,
  },
  {
    name: "sort-mutating-comparator",
    code: `
local t = {5, 4, 3, 2, 1, 0, 9, 8}
local n = 0
print(pcall(table.sort, t, function(a, b) n = n + 1; if n == 5 then t[3] = 100 end; return a < b end))
print(n); show(t)
local t = {5, 4, 3, 2, 1, 0, 9, 8, 7, 6}
local n = 0
print(pcall(table.sort, t, function(a, b) n = n + 1; if n == 7 then t[#t + 1] = -1 end; return a < b end))
print(n); show(t, 11)
`,
  },
  {
    name: "sort-1000",
    core: true,
    code: `
local x = 1
local function rnd() x = x * 16807 % 2147483647; return x end
local t = {}
for i = 1, 1000 do t[i] = rnd() % 1000 end
local calls = 0
table.sort(t, function(a, b) calls = calls + 1; return a < b end)
local sorted = true
for i = 2, #t do if t[i - 1] > t[i] then sorted = false end end
print(calls, sorted, t[1], t[500], t[1000])
local t = {}
for i = 1, 1000 do t[i] = {k = rnd() % 10, id = i} end
table.sort(t, function(a, b) return a.k < b.k end)
local h = 0
for i = 1, #t do h = (h * 31 + t[i].id) % 1000000007 end
print(h)
local t = {}
for i = 1, 1000 do t[i] = rnd() / 7 end
table.sort(t)
local h = 0
for i = 1, #t do h = (h * 31 + t[i]) % 1000000007 end
print(string.format("%.17g", h))
local t = {}
for i = 1, 1000 do t[i] = tostring(rnd() % 5000) end
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2], t[999], t[1000])
`,
  },
  {
    name: "library",
    core: true,
    code: `
local names = {}
for k, v in pairs(table) do names[#names + 1] = k .. ":" .. type(v) end
print(table.concat(names, " "))
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Golden output of the core cases (TABLELIB_GOLDEN=1 prints it from lua5.1)

// biome-ignore format: recorded output
const GOLDEN: Record<string, string> = {
  "concat":
    "123\n1, 2, 3\nb-c\nb\t[]\n1.5 1e+100 -0 9.007199254741e+15 0.33333333333333 1e+15 1.2345678901234e+14\n\t0\na1b1c\nyz\txy\nminus,zero,one\n5\n",
  "concat-errors":
    "false\tconcat-errors:3: invalid value (table) at index 2 in table for 'concat'\nfalse\tconcat-errors:4: invalid value (nil) at index 2 in table for 'concat'\nfalse\tconcat-errors:5: invalid value (boolean) at index 1 in table for 'concat'\nfalse\tconcat-errors:6: invalid value (nil) at index 2 in table for 'concat'\nfalse\tconcat-errors:7: invalid value (function) at index 1 in table for 'concat'\nfalse\tconcat-errors:8: bad argument #1 to 'concat' (table expected, got nil)\nfalse\tconcat-errors:9: bad argument #1 to 'concat' (table expected, got no value)\nfalse\tconcat-errors:10: bad argument #2 to 'concat' (string expected, got table)\nfalse\tconcat-errors:11: bad argument #2 to 'concat' (string expected, got table)\nfalse\tconcat-errors:12: bad argument #3 to 'concat' (number expected, got string)\nfalse\tconcat-errors:13: bad argument #4 to 'concat' (number expected, got table)\nfalse\tconcat-errors:14: bad argument #1 to 'concat' (table expected, got string)\nfalse\tinvalid value (function) at index 1 in table for 'concat'\nfalse\tinvalid value (nil) at index 1 in table for 'concat'\n",
  "insert":
    "6\t0,1,x,2,3,4\n2\tnil\tnil\tfive\n0\tzero\tnil\t1\n0\tneg\tnil\t1\t2\na\tnil\n1,f,2,3\n1,w,2,3\n3\n4\t1\tnil\t2\t3\n4\tend\nraw\t1\n",
  "insert-errors":
    "false\tinsert-errors:3: wrong number of arguments to 'insert'\nfalse\tinsert-errors:4: wrong number of arguments to 'insert'\nfalse\tinsert-errors:5: bad argument #1 to 'insert' (table expected, got nil)\nfalse\tinsert-errors:6: bad argument #1 to 'insert' (table expected, got no value)\nfalse\tinsert-errors:7: bad argument #2 to 'insert' (number expected, got string)\nfalse\tinsert-errors:8: bad argument #2 to 'insert' (number expected, got table)\nfalse\twrong number of arguments to 'insert'\n",
  "remove":
    "4\t3\n1\t2\t2\t3\tnil\nnil\t2\n0\t0\t0\n0\t0\n0\t1\nb\ta,c\t2\n3\t3\t2\n0\n10\t20,30\n",
  "maxn":
    "0\t3\t10\n10000000000\t0\t1.5\n5\t9.007199254741e+15\n2\nfalse\tmaxn:7: bad argument #1 to 'maxn' (table expected, got number)\nfalse\tmaxn:8: bad argument #1 to 'maxn' (table expected, got no value)\n",
  "getn-setn":
    "3\t0\t3\t0\n1\nfalse\tgetn-setn:5: 'setn' is obsolete\nfalse\tgetn-setn:6: bad argument #1 to 'setn' (table expected, got number)\nfalse\tgetn-setn:7: bad argument #1 to 'getn' (table expected, got string)\nfalse\t'setn' is obsolete\n",
  "foreach":
    "1\t10\n2\t20\n3\t30\ny\tb\nx\ta\n2.5\tc\nstop 2\nfalse\n0\n4\tnil\nfalse\tforeach:10: bad argument #2 to 'foreach' (function expected, got number)\nfalse\tforeach:11: bad argument #1 to 'foreach' (table expected, got nil)\nfalse\tforeach:12: inside 1\nfalse\tinvalid key to 'next'\n",
  "foreachi":
    "1\t1\n2\t2\n3\tnil\n4\t4\n60\n0\n1\t1\n1\n2\n3\nfalse\tforeachi:9: bad argument #1 to 'foreachi' (table expected, got nil)\nfalse\tforeachi:10: bad argument #2 to 'foreachi' (function expected, got no value)\nfalse\tforeachi:11: bad argument #2 to 'foreachi' (function expected, got string)\n",
  "sort":
    "1 2 3 5 7 8 9\n Cherry apple apple pie b banana date\n8 5 3 1\n1 2 3\n\n1\n-inf -1e+300 -1 0 2.5 3 1e+300 inf\n\"Z\" \"a\" \"a\\000a\" \"a\\000b\" \"\u0080x\" \"\u00ff\"\n",
  "sort-call-sequence":
    "2\t2<3 1<2\n1 2 3\n20\t8<1 4<1 8<4 2<4 3<4 7<4 4<6 4<5 4<7 4<3 3<1 2<1 3<2 8<5 6<5 8<6 7<6 6<7 6<5 8<7\n1 2 3 4 5 6 7 8\n19\t1<8 5<1 8<5 7<5 5<3 6<5 5<4 2<5 6<5 5<2 8<7 6<7 2<1 3<1 2<3 4<2 2<4 2<1 3<4\n1 2 3 4 5 6 7 8\n9\t2<2 2<2 2<2 2<2 2<2 2<2 2<2 2<2 2<2\n2 2 2 2 2\n0\t\n1\n0\t\n\n1\t1<2\n1 2\n1\t2<1\n1 2\n27\t0<5 3<0 5<3 1<3 4<3 3<8 3<7 3<9 3<6 3<2 4<3 3<2 2<0 1<0 2<1 5<6 7<5 6<7 9<6 6<8 6<4 9<6 6<4 4<5 7<8 9<7 8<9\n0 1 2 3 4 5 6 7 8 9\n20\t1<1 3<1 1<3 3<1 1<3 1<1 2<1 1<2 1<2 1<1 1<1 3<2 3<2 3<3 3<3 3<2 3<3 3<2 3<3 2<2\n1 1 1 2 2 3 3 3\n",
  "sort-equal-keys":
    "0:15 0:9 0:6 0:12 0:18 0:3 1:13 1:1 1:16 1:19 1:10 1:4 1:7 2:17 2:2 2:11 2:8 2:14 2:5 2:20\n37\t1 8 7 9 10 11 6 4 5 2 3 12\n",
  "sort-invalid-order":
    "false\tsort-invalid-order:3: invalid order function for sorting\nfalse\tinvalid order function for sorting\n12\n6 9 8 7 2 5 4 3 1 10\nfalse\tsort-invalid-order:9: attempt to compare nil with number\n1 1 2 3 2 2 3 1 3 3\nfalse\tsort-invalid-order:11: attempt to compare nil with number\n1 1 1 1 1 1 1\nfalse\tinvalid order function for sorting\n1,4 3,1 2,1 1,1 4,1 nil,1\n3 2 1 4\n",
  "sort-errors":
    "false\tattempt to compare string with number\nfalse\tattempt to compare two table values\nfalse\tattempt to compare nil with number\nfalse\tattempt to compare two boolean values\nfalse\tsort-errors:7: bad argument #2 to 'sort' (function expected, got number)\nfalse\tsort-errors:8: bad argument #2 to 'sort' (function expected, got boolean)\nfalse\tsort-errors:9: bad argument #1 to 'sort' (table expected, got nil)\nfalse\tsort-errors:10: boom 1\nfalse\tsort-errors:11: attempt to index local 'a' (a number value)\nfalse\tattempt to compare string with number\nfalse\tattempt to yield across metamethod/C-call boundary\n",
  "sort-metamethods":
    "27\t0 1 2 3 4 5 6 7 8 9\ntrue\nfalse\tattempt to compare two table values\n",
  "sort-1000":
    "10903\ttrue\t0\t525\t997\n782094037\n245685484.92463303\n992\t986\t101\t1009\n",
  "library":
    "setn:function insert:function getn:function foreachi:function maxn:function foreach:function concat:function sort:function remove:function\n",
};

// ---------------------------------------------------------------------------------------------
// The specs (here, below the golden output they take)

describeSnippets({
  subject: "table library",
  cases,
  prelude: PRELUDE,
  golden: GOLDEN,
  goldenVariable: "TABLELIB_GOLDEN",
});
