-- Generic for: TFORLOOP with one or more variables and various iterators.
local t = { 10, 20, 30, x = "x" }
local n = 0
for _, v in ipairs(t) do n = n + v end
print(n)
local keys = 0
for k in pairs(t) do keys = keys + 1 end
print(keys)
for k, v in next, t do
  if k == "x" then print(k, v) end
end

-- A stateless iterator with three values.
local function range(max, i)
  i = i + 1
  if i <= max then return i, i * i, -i end
end
for i, sq, neg in range, 4, 0 do
  io.write(i, ",", sq, ",", neg, " ")
end
print()

-- A closure iterator.
local function chars(s)
  local i = 0
  return function()
    i = i + 1
    if i <= #s then return s:sub(i, i) end
  end
end
for c in chars("abc") do io.write(c, ".") end
print()

-- The explist is adjusted to three values.
local function gen() return next, t, nil, "extra" end
local c = 0
for k, v in gen() do c = c + 1 end
for k in next, t, nil, "ignored" do c = c + 1 end
print(c)

-- Many loop variables, and nested loops.
local function quad(s, i)
  if i < s then return i + 1, "a", "b", "c", "d" end
end
for i, a, b, c2, d in quad, 3, 0 do
  io.write(i, a, b, c2, d, " ")
end
print()
local m = { { 1, 2 }, { 3, 4 } }
local total = 0
for _, row in ipairs(m) do
  for _, v in ipairs(row) do
    total = total + v
  end
end
print(total)

-- Loop variables captured by closures need fresh upvalues on each iteration.
local fns = {}
for i, v in ipairs({ "p", "q", "r" }) do
  fns[i] = function() return i .. v end
end
print(fns[1](), fns[2](), fns[3]())
-- string.gmatch as an iterator in a function.
local function words(s)
  local out = {}
  for w in s:gmatch("%a+") do out[#out + 1] = w end
  return out
end
print(#words("one two three"))
