-- garbage collection facts that do not depend on the allocator: weak tables, __gc, counts
print(collectgarbage("count") > 0, type(collectgarbage("count")), collectgarbage("collect"))
local before = collectgarbage("count")
local junk = {}
for i = 1, 10000 do junk[i] = {i} end
local during = collectgarbage("count")
junk = nil
collectgarbage()
local after = collectgarbage("count")
print(during > before, after < during)
-- weak values
local wv = setmetatable({}, {__mode = "v"})
wv[1] = {} wv[2] = "string stays" wv[3] = 42 wv.keep = {}
local anchor = wv.keep
collectgarbage()
print(wv[1], wv[2], wv[3], wv.keep == anchor)
-- weak keys
local wk = setmetatable({}, {__mode = "k"})
local k1, k2 = {}, {}
wk[k1] = "one" wk[k2] = "two" wk[{}] = "temp" wk["str"] = "string key"
k2 = nil
collectgarbage()
local n = 0
for k, v in pairs(wk) do n = n + 1 end
print(n, wk[k1], wk.str)
-- fully weak
local wkv = setmetatable({}, {__mode = "kv"})
wkv[{}] = {} wkv[1] = {} wkv.x = "y" wkv[k1] = k1
collectgarbage()
local left = {}
for k, v in pairs(wkv) do left[#left + 1] = type(k) .. ":" .. type(v) end
table.sort(left)
print(table.concat(left, " "))
-- functions and threads in weak tables
local wf = setmetatable({}, {__mode = "v"})
wf[1] = function() end wf[2] = print wf[3] = coroutine.create(function() end)
local held = function() end
wf[4] = held
collectgarbage()
print(wf[1], wf[2] == print, wf[3], wf[4] == held)
-- __gc through newproxy, in order
local order = {}
for i = 1, 5 do
  local p = newproxy(true)
  getmetatable(p).__gc = function() order[#order + 1] = i end
end
collectgarbage()
print(table.concat(order, " "))
-- a finalizer can resurrect its object for the duration of the call only
local saved
do
  local p = newproxy(true)
  getmetatable(p).__gc = function(self) saved = self end
end
collectgarbage()
print(type(saved))
saved = nil
collectgarbage()
print(saved)
-- tables are not finalized in 5.1
local tgc = 0
do setmetatable({}, {__gc = function() tgc = tgc + 1 end}) end
collectgarbage()
print(tgc)
-- proxies share a metatable
local base = newproxy(true)
getmetatable(base).__index = function(_, k) return "proxied " .. k end
getmetatable(base).__len = function() return 99 end
local child = newproxy(base)
print(child.anything, #child, getmetatable(child) == getmetatable(base))
-- step and incremental options return values of the right type
print(type(collectgarbage("step", 0)), collectgarbage("setpause", 150), collectgarbage("setpause", 200))
print(collectgarbage("setstepmul", 400), collectgarbage("setstepmul", 200))
-- objects referenced only from a weak table's value side while a strong key exists
local cache = setmetatable({}, {__mode = "k"})
local key = {}
cache[key] = {payload = true}
collectgarbage()
print(cache[key] and cache[key].payload)
-- strings are never removed from weak tables
local ws = setmetatable({}, {__mode = "kv"})
ws["a" .. "b"] = "c" .. "d"
collectgarbage()
print(ws.ab)
