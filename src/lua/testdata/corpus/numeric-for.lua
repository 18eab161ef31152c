-- Numeric for: FORPREP/FORLOOP with default and explicit steps.
local s = 0
for i = 1, 10 do s = s + i end
print(s)
for i = 10, 1, -1 do s = s - i end
print(s)
for i = 1, 0 do s = s + 1000 end
print(s)
for i = 0.5, 2.5, 0.5 do s = s + i end
print(s)
for i = 1, 3, 1 do s = s * i end
print(s)
local a, b, c = 2, 8, 3
for i = a, b, c do io.write(i, " ") end
print()
for i = a * 2, b + a, c - 1 do io.write(i, " ") end
print()
for i = #"abc", 1, -1 do io.write(i, " ") end
print()
local t = { 5, 6, 7 }
for i = 1, #t do t[i] = t[i] * 2 end
print(t[1], t[2], t[3])

-- The loop variable is a fresh local: changing it does not change the loop.
for i = 1, 3 do
  local j = i
  i = i * 10
  io.write(j, ":", i, " ")
end
print()

-- Nested loops and locals in the body.
local grid = {}
for i = 1, 3 do
  local row = {}
  for j = 1, 3 do
    local v = i * j
    row[j] = v
  end
  grid[i] = row
end
print(grid[3][3], grid[2][3])

-- Loop bounds from globals, fields and calls; the loop in a function.
G_LIMIT = 4
local function lim() return 3 end
local function sum(n)
  local total = 0
  for k = 1, n do
    total = total + k
  end
  return total
end
for i = lim(), G_LIMIT do io.write(i, " ") end
print(sum(100), sum(0))
-- Large and fractional ranges.
local cnt = 0
for i = 1e9, 1e9 + 5 do cnt = cnt + 1 end
for i = -5, 5, 2.5 do cnt = cnt + 1 end
for i = 0, -1, -0.25 do cnt = cnt + 1 end
print(cnt)
