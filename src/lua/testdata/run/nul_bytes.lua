-- embedded NUL bytes where 5.1 uses C strings
-- print writes with fputs: output stops at a NUL; io.write writes every byte
print("before\0after", "next")
io.write("io.write keeps \0 the rest\n")
-- tonumber and arithmetic see the string up to the NUL
print(tonumber("12\0junk"), tonumber("\0"), tonumber("ff\0zz", 16), "3\0x" + 1)
-- chunk names are C strings
print(loadstring("error('e')\0ignored"))
print(pcall(loadstring("error('named')", "name\0hidden")))
print(loadstring("x = = 1", "=eq\0hidden"))
-- the lexer: a NUL right after a numeral is taken for an exponent mark (strchr finds the set's NUL)
local f = loadstring("return 1\0garbage")
print(f and f())
local g = loadstring("v1 = 7\0 v2 = 8")
g()
print(v1, v2)
print(loadstring("return 2\0\0x"))
print(loadstring("return 1e\0"))
print(loadstring("x = \0"))
print(loadstring("x = 1 \0"))
print(loadstring("\0"))
-- patterns are C strings: a NUL ends the pattern for matching
print(("abc"):match("b\0zzz"), ("abc"):gsub("b\0zzz", "X"))
print(("abc"):find("b\0zzz"), ("ab\0zzz"):find("b\0zzz"))
print(("a\0.b"):find("\0."), ("a\0xb"):find("\0."))
print(("abc"):find("b\0."), pcall(string.find, "abc", "[b\0]"))
for m in ("abcb"):gmatch("b\0q") do io.write(m, ";") end print()
print(("abc"):gsub("b", "%\0"), ("abc"):match("(b)\0%1"))
print(pcall(string.find, "abc", "%\0"))
print(("a\0b\0c"):gsub("%z", "0"), ("a\0b"):find("%z"), ("\0\0"):match("%z+") == "\0\0")
-- string.format: the format is a C string in its specifications only
print(string.format("a\0b%d", 5) == "a\0b5", #string.format("%s\0%s", "x", "y"))
print(pcall(string.format, "%5\0d", 1))
print(#string.format("%s", "x\0y"), #string.format("%-5s|", "x\0y"), #string.format("%q", "\0"))
-- comparisons use strcoll chunk by chunk, so NULs take part
print("a\0b" < "a\0c", "a\0" > "a", "a" < "a\0", "\0" < "\1", "a\0a" == "a\0b")
-- string functions count the NULs
print(#"\0\0\0", ("\0a\0"):byte(1, -1))
print(("x\0y"):upper() == "X\0Y", ("\0ab"):rep(2) == "\0ab\0ab", ("a\0b"):reverse() == "b\0a")
-- table keys
local t = {["a\0b"] = 1, ["a"] = 2, ["a\0c"] = 3}
print(t["a\0b"], t.a, t["a\0c"], t["a\0"])
-- error messages keep the whole string
print(pcall(error, "msg\0tail"))
print(select(2, pcall(error, "msg\0tail")) == "msg\0tail")
-- names in messages are C strings too
local err = select(2, pcall(function() local t = {} return t["fie\0ld"].x end))
print((err:gsub("%z", "<0>")))
_G["glo\0bal"] = nil
err = select(2, pcall(function() return _G["glo\0bal"]() end))
print((err:gsub("%z", "<0>")))
local lib = {["re\0p"] = string.rep}
err = select(2, pcall(function() return lib["re\0p"]() end))
print((err:gsub("%z", "<0>")))
-- options are compared with strcmp
print(collectgarbage("collect\0ignored"), pcall(collectgarbage, "co\0unt"))
-- module names and file names
local req = select(2, pcall(require, "nul_mod\0ule"))
print(req:match("^module 'nul_mod' not found:") ~= nil, req:find("\0", 1, true))
package.preload["pre"] = function(name) return "preloaded as " .. name end
print(require("pre\0ignored"), package.loaded["pre"])
print(type(loadfile("require_helper.luamod\0ignored")), loadfile("missing\0file"))
