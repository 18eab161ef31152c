-- an error inside coroutine.wrap reaches the top level with its position
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  return t.boom
end)
print(gen())
print(gen())
