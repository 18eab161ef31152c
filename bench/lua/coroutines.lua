-- coroutine ping-pong
local co = coroutine.wrap(function(x)
  while true do x = coroutine.yield(x + 1) end
end)
local v = 0
for i = 1, 12000000 do v = co(v) end
print(v)
