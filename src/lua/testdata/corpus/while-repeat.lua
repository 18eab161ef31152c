-- while and repeat loops; the repeat condition sees the body's locals.
local i = 0
while i < 5 do i = i + 1 end
print(i)
while false do i = -1 end
while nil do i = -2 end
local steps = 0
while true do
  steps = steps + 1
  if steps >= 3 then break end
end
print(steps)

local n = 0
repeat
  local done = n >= 4
  n = n + 1
until done
print(n)

repeat
  local x = n * 2
  local y = x + 1
until y > 5 and x < 100
print("repeat with two locals")

local count = 0
repeat count = count + 1 until true
repeat count = count + 1 until 1
repeat
  count = count + 1
until count > 10
print(count)

-- Nested loops of both kinds.
local out = {}
local a = 0
while a < 3 do
  a = a + 1
  local b = 0
  repeat
    b = b + 1
    out[#out + 1] = a * 10 + b
  until b == a
end
print(#out, out[1], out[#out])

-- A repeat whose body creates closures over its locals: the locals must be
-- closed on each iteration before the condition jumps back.
local fns = {}
local k = 0
repeat
  k = k + 1
  local captured = k * 100
  fns[k] = function() return captured end
until captured >= 300
print(fns[1](), fns[2](), fns[3]())

-- while with a complex condition and a body that changes the condition.
local queue = { 1, 2, 3, 4, 5 }
local sum = 0
while #queue > 0 and sum < 10 do
  sum = sum + table.remove(queue, 1)
end
print(sum, #queue)
-- Empty bodies.
local e = 0
while e > 0 do end
repeat until true
print("empty bodies")
