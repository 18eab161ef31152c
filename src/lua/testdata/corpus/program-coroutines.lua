-- Coroutines as generators and as a cooperative scheduler; pcall and error.
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i, i * i) end
    return "done"
  end)
end
local g = gen(3)
print(g()) print(g()) print(g()) print(g())

local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co))
print(coroutine.status(co))

-- A round-robin scheduler.
local tasks, output = {}, {}
local function spawn(name, count)
  tasks[#tasks + 1] = coroutine.create(function()
    for i = 1, count do
      output[#output + 1] = name .. i
      coroutine.yield()
    end
  end)
end
spawn("a", 3) spawn("b", 1) spawn("c", 2)
while #tasks > 0 do
  for i = #tasks, 1, -1 do
    local t = tasks[i]
    coroutine.resume(t)
    if coroutine.status(t) == "dead" then table.remove(tasks, i) end
  end
end
print(table.concat(output, " "))

-- Errors: error values, levels, pcall, xpcall, errors inside coroutines.
print(pcall(error, "plain"))
print(select(2, pcall(error, { code = 1 })).code)
print(pcall(function() error("with level", 1) end))
print(pcall(function() error("no position", 0) end))
print(pcall(function() local x = nil; return x.field end))
print(xpcall(function() error("handled") end, function(m) return "handler: " .. m end))
local bad = coroutine.create(function() error("inside") end)
print(coroutine.resume(bad))
print(select("#", pcall(function() return 1, 2, 3 end)))
