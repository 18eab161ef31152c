-- error() levels and error values
local function lvl(n, msg) error(msg or ("level " .. tostring(n)), n) end
local function a(n) lvl(n) end
local function b(n) a(n) end
local function c(n) b(n) end
for _, n in ipairs({0, 1, 2, 3, 4, 5, 6, 7, 50}) do print(n, pcall(c, n)) end
-- levels count Lua and C frames alike
local function viaPcall(n) return select(2, pcall(lvl, n)) end
print(viaPcall(1), viaPcall(2), viaPcall(3))
-- error in a method and in a function stored in a table
local obj = {}
function obj:fail(n) error("method failed", n) end
function obj.static(n) error("static failed", n) end
print(pcall(obj.fail, obj, 1))
print(pcall(function() obj:fail(2) end))
print(pcall(function() obj.static(2) end))
-- tail calls: level 2 names the caller of the tail-calling function
local function tailer() return lvl(2, "through tail") end
print(pcall(function() tailer() end))
local function tailer2() return lvl(3, "through tail 3") end
print(pcall(function() tailer2() end))
-- error values of every type
print(pcall(error, nil))
print(pcall(error, false))
print(pcall(error, true))
print(pcall(error, 12))
print(pcall(error, 12.5, 1))
print(pcall(function() error(12.5) end))
print(pcall(function() error(12.5, 2) end))
print(pcall(function() error(true) end))
local et = {}
print(select(2, pcall(error, et)) == et)
local ef = function() end
print(select(2, pcall(error, ef)) == ef)
print(pcall(error, "no position", 0))
print(pcall(error, "level as string", "2"))
print(pcall(error, "neg level", -1))
print(pcall(function() error("float level", 1.9) end))
print(pcall(error))
print(select("#", pcall(error)))
-- error with a table that has __tostring
local custom = setmetatable({msg = "boom"}, {__tostring = function(s) return "Custom: " .. s.msg end})
local ok, e = pcall(error, custom)
print(ok, e == custom, tostring(e))
-- rethrowing keeps the original message
local ok1, e1 = pcall(function() error("original") end)
local ok2, e2 = pcall(function() error(e1, 0) end)
local ok3, e3 = pcall(function() error(e1) end)
print(e1) print(e2) print(e3)
-- assert with non-string messages
print(pcall(function() assert(false, {1}) end))
print(pcall(function() assert(nil, 5) end))
print(pcall(function() assert(1 == 2) end))
-- xpcall handlers see the original value
print(xpcall(function() error({1, 2, 3}) end, function(m) return type(m) .. #m end))
print(xpcall(function() error("s") end, function(m) return m:upper() end))
print(xpcall(function() return "no error", 2 end, print))
print(xpcall(function() error("e") end, function() return 1, 2, 3 end))
print(pcall(xpcall, function() end))
print(xpcall(error, function(m) return "h:" .. tostring(m) end))
-- an error in the handler
print(xpcall(function() error("first") end, function(m) error("in handler") end))
print(xpcall(function() error("first") end, function(m) local x = nil; return x.y end))
-- nested pcall keeps the inner error
print(pcall(function()
  local ok, inner = pcall(error, "inner")
  error("outer after " .. inner)
end))
