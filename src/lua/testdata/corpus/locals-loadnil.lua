-- Local declarations without values: LOADNIL is skipped at the start of a
-- function, merged with a preceding LOADNIL, and kept after a jump target.
local a
local b, c
local d = nil
print(a, b, c, d)

local function start()
  local x, y, z
  local w
  return x, y, z, w
end
print(start())

local function afterwork(p)
  p = p + 1
  local x
  local y
  local z, w = nil, nil
  return p, x, y, z, w
end
print(afterwork(1))

local function afterjump(p)
  if p then p = 1 end
  local x
  local y
  return x, y, p
end
print(afterjump(true))

local function mixed(p)
  local x = 1
  local y, z
  local q = nil
  local r, s = 2
  local u, v, w = nil, 3
  return x, y, z, q, r, s, u, v, w
end
print(mixed())

-- Assigning nil to existing locals.
local e, f = 1, 2
e, f = nil, nil
e = nil
print(e, f)

-- Shadowing and blocks.
local v = 1
do
  local v = v + 1
  do
    local v = v * 10
    print(v)
  end
  print(v)
end
print(v)
local v = "shadowed"
print(v)

-- Locals declared in a loop body are fresh on each iteration.
for i = 1, 3 do
  local x
  local y = i
  print(x, y)
end
local function params(p1, p2, p3)
  local l1
  return p1, p2, p3, l1
end
print(params(1))
