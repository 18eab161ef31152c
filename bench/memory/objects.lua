-- Bytes per object as collectgarbage("count") reports them after full collections: the
-- workloads of the 32-bit reference table (shared/reference/lua51-reference-data.md).
local N = 1000
local function measure(name, make)
  local holder = {}
  for i = 1, N do holder[i] = false end
  collectgarbage(); collectgarbage()
  local before = collectgarbage("count") * 1024
  for i = 1, N do holder[i] = make(i) end
  collectgarbage(); collectgarbage()
  local after = collectgarbage("count") * 1024
  print(string.format("%-32s %10.3f", name, (after - before) / N))
end
measure("empty table {}", function() return {} end)
measure("table {1}", function() return {1} end)
measure("table {1,2,3,4}", function() return {1, 2, 3, 4} end)
measure("table {a=1}", function() return {a = 1} end)
measure("table 4 hash fields", function() return {a = 1, b = 2, c = 3, d = 4} end)
measure("unique string len 10", function(i) return string.format("%010d", i) end)
measure("unique string len 100", function(i) return string.rep("x", 90) .. string.format("%010d", i) end)
measure("closure, no upvalues", function() return function() end end)
measure("closure, 1 closed upvalue", function(i) local x = i return function() return x end end)
measure("closure, 2 closed upvalues", function(i) local x, y = i, i return function() return x + y end end)
local shared = 0
measure("closure, 1 shared upvalue", function() return function() return shared end end)
measure("coroutine, never run", function() return coroutine.create(function() end) end)
measure("userdata newproxy(false)", function() return newproxy(false) end)
measure("table {s}, unique 10-char s", function(i) return {string.format("%010d", i)} end)
collectgarbage(); collectgarbage()
print(string.format("%-32s %10.3f", "state after start-up", collectgarbage("count") * 1024))
