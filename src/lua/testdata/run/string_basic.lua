-- string.len, sub, upper, lower, rep, reverse, byte, char, and the string metatable
local s = "Hello, World"
print(string.len(s), #s, s:len(), string.len(""), string.len("\0\0"), ("a\0b"):len())
local subs = {{1}, {1, 5}, {-5}, {-5, -2}, {0}, {0, 0}, {3, 2}, {100}, {-100, 3}, {2, 100},
  {-1, -1}, {5, -100}, {1.9, 3.9}, {"2", "4"}, {-0.5}, {2^31}, {-2^31, 2}}
for _, a in ipairs(subs) do io.write("[", s:sub(a[1], a[2]), "]") end
print()
print(s:upper(), s:lower(), ("MiXeD 123 \xe9\xc9"):upper(), ("MiXeD 123 \xe9\xc9"):lower())
print(("ab"):rep(3), ("ab"):rep(0), ("ab"):rep(-1), ("x"):rep(2.9), (""):rep(1000) == "", ("ab"):rep(1))
print(("abc"):reverse(), (""):reverse(), ("a\0b"):reverse() == "b\0a")
print(s:byte(), s:byte(1), s:byte(-1), s:byte(1, 3), s:byte(0), s:byte(100), s:byte(3, 1))
print(select("#", s:byte(1, -1)), s:byte(-3, -1))
print(string.char(), string.char(72, 105), string.char(0):len(), string.char(255):byte())
print(string.char("65", 66.0))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
print(pcall(string.char, 65, nil))
-- numbers are accepted where strings are expected
print(string.len(12345), string.upper(1e100), string.sub(3.14159, 1, 4), string.rep(7, 3), string.byte(5))
print(pcall(function() return (12):rep(2) end))
-- methods through the string metatable
local mt = getmetatable("")
print(type(mt), mt.__index == string, rawequal(getmetatable("a"), getmetatable("b")))
print(("x"):upper(), s.len, ("%d-%d"):format(1, 2))
string.shout = function(str) return str:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(pcall(function() return ("hey"):shout() end))
print(pcall(function() local n = 5 return n:rep(2) end))
-- comparisons and concatenation of strings
print("a" < "b", "a" < "B", "abc" < "abd", "" < "a", "a\0b" < "a\0c", "Z" < "a", "10" < "9")
print("a" .. "b" .. "c", 1 .. 2, "x" .. 1.5, 2^63 .. "")
local parts = {}
for i = 1, 5 do parts[#parts + 1] = string.char(64 + i) end
print(table.concat(parts))
-- escapes in literals
print("tab\tnew\\n \"q\" 'q' \65\066\0671 \z", #"\0\00\000", "\x41")
print([[long
string]], [==[with ]] inside]==], #[[
skipped first newline]])
-- string.format("%q") round trip
local weird = "a\0b\nc\"d\\e\r\t\1\255"
local q = string.format("%q", weird)
print(q)
print(loadstring("return " .. q)() == weird)
-- counts and codes are C ints
print(("ab"):rep(2^32 + 2), ("ab"):rep(2.99), string.char(2^32 + 66), ("x"):gsub("x", "y", 2^32))
print(pcall(string.char, 2^31))
