-- break in every kind of loop, with and without captured locals.
local log = {}
local function note(s) log[#log + 1] = s end

while true do note("while") break end
repeat note("repeat") break until false
for i = 1, 10 do if i == 2 then note("for " .. i) break end end
for k, v in pairs({ a = 1 }) do note("in " .. k) break end

-- break out of nested blocks inside a loop.
for i = 1, 5 do
  do
    if i == 3 then
      do
        note("nested " .. i)
        break
      end
    end
  end
end

-- break only leaves the innermost loop.
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    note(i .. "/" .. j)
  end
end

-- break after a local has been captured: the loop must close the upvalue.
local fns = {}
for i = 1, 5 do
  local v = i * 2
  fns[#fns + 1] = function() return v end
  if i == 2 then break end
end
local w = 0
while true do
  w = w + 1
  local captured = w
  fns[#fns + 1] = function() return captured end
  if w >= 2 then break end
end
repeat
  local r = "r"
  fns[#fns + 1] = function() return r end
  do
    local inner = "inner"
    fns[#fns + 1] = function() return inner end
    break
  end
until false
for _, f in ipairs(fns) do note(tostring(f())) end

-- break in a loop inside a function inside a loop.
for i = 1, 2 do
  local function find(t, x)
    for idx, v in ipairs(t) do
      if v == x then
        return idx
      end
      if v > x then break end
    end
    return nil
  end
  note(tostring(find({ 1, 3, 5 }, i + 2)))
end

-- break as the only statement, and a break after which the loop has more code.
while true do break end
for i = 1, 3 do
  if i > 1 then break end
  note("first only")
end
print(table.concat(log, " "))
