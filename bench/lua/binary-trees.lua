-- allocation-heavy trees
local function bottomUp(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottomUp(depth), bottomUp(depth) }
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local N = 15
local total = 0
for d = 4, N, 2 do
  local iters = 2 ^ (N - d + 4)
  local c = 0
  for i = 1, iters do c = c + check(bottomUp(d)) end
  total = total + c
end
print(total)
