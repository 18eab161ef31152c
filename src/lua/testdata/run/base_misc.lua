-- the rest of the base library: type, assert, raw*, metatables, ipairs, print, gcinfo
print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(type), type(coroutine.create(function() end)))
print(pcall(type))
print(type(newproxy()), type(newproxy(true)), getmetatable(newproxy()) == nil, type(getmetatable(newproxy(true))))
local p1 = newproxy(true)
getmetatable(p1).__tostring = function() return "proxy!" end
local p2 = newproxy(p1)
print(tostring(p1), tostring(p2), getmetatable(p1) == getmetatable(p2))
print(pcall(newproxy, {}))
print(pcall(newproxy, 1))
-- assert
print(assert(1, "unused"), assert("v", 2, 3))
print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
print(pcall(assert, false, 42))
print(pcall(assert, false, {}))
print(pcall(assert))
print(select("#", assert(true, nil, nil)))
-- rawequal / rawget / rawset
local eqmt = {__eq = function() return true end}
local a, b = setmetatable({}, eqmt), setmetatable({}, eqmt)
print(a == b, rawequal(a, b), rawequal(a, a), rawequal(1, 1.0), rawequal("x", "x"), rawequal(nil, nil))
print(pcall(rawequal, 1))
print(pcall(rawequal))
local guarded = setmetatable({}, {__index = function() return "meta" end, __newindex = function() error("no writes") end})
print(guarded.x, rawget(guarded, "x"), rawset(guarded, "x", 1) == guarded, guarded.x)
print(pcall(rawget, "str", 1))
print(pcall(rawget, {}))
print(pcall(rawset, {}, 1))
print(pcall(rawset, {}, 0/0, 1))
-- getmetatable / setmetatable
print(getmetatable(1), getmetatable(nil), getmetatable("").__index == string, getmetatable(print))
local mt = {}
local t = setmetatable({}, mt)
print(getmetatable(t) == mt, setmetatable(t, nil) == t, getmetatable(t))
mt.__metatable = "protected"
setmetatable(t, mt)
print(getmetatable(t), pcall(setmetatable, t, {}), pcall(setmetatable, t, nil))
print(pcall(setmetatable, {}))
print(pcall(setmetatable, {}, "x"))
print(pcall(setmetatable, "x", {}))
-- ipairs stops at the first nil, does not use __index
local arr = {1, 2, nil, 4}
for i, v in ipairs(arr) do io.write(i, "=", v, " ") end print()
local ip = setmetatable({}, {__index = function(t, i) if i < 4 then return i * 2 end end})
local n = 0 for _ in ipairs(ip) do n = n + 1 end print("ipairs over __index", n)
local f, s, c = ipairs(arr)
print(f == ipairs({}), s == arr, c, f(arr, 0), f(arr, 3))
print(pcall(ipairs))
print(pcall(ipairs, 5))
-- print uses the global tostring
local old = tostring
tostring = function(v) return "<" .. old(v) .. ">" end
print(1, "a", nil)
tostring = function() return 1 end
print(pcall(print, "x"))
tostring = old
print(pcall(print, setmetatable({}, {__tostring = function() return {} end})))
print(tostring(setmetatable({}, {__tostring = function() return 42 end})))
print(pcall(tostring))
-- _G and _VERSION
print(_G._G == _G, _VERSION, _G.print == print)
-- gcinfo and collectgarbage basics
print(type(gcinfo()), gcinfo() > 0, collectgarbage("count") > 0, collectgarbage() , collectgarbage("collect"))
print(collectgarbage("step") ~= nil, type(collectgarbage("setpause", 200)), type(collectgarbage("setstepmul", 200)))
print(collectgarbage("setpause", 200), collectgarbage("setstepmul", 200))
print(pcall(collectgarbage, "bogus"))
print(collectgarbage("stop"), collectgarbage("restart"))
-- names that later versions added do not exist in 5.1
print(rawlen, table.unpack, table.pack, string.pack, math.type, utf8, bit32, table.move, math.tointeger)
print(type(table.getn), type(table.setn), type(table.maxn), type(math.mod), type(string.gfind), type(math.pow))
print(type(loadstring), type(unpack), type(gcinfo), type(newproxy), type(module), type(math.ldexp))
