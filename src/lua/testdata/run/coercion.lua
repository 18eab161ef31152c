-- string/number coercions of 5.1
print("10" + 5, "3" * "4", "2" ^ "3", "10" / "4", "7" % "3", -"3", "0x10" + 0, " 5 " + 1)
print(10 .. 20, 1.5 .. "", -0.0 .. "", 1e100 .. "", 2^63 .. "", (1/0) .. "", (0/0) .. "" == "nan" or (0/0) .. "" == "-nan")
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} .. "" end))
print(pcall(function() return "5" < 6 end))
print("10" == 10, "10" ~= 10, "abc" < "abd", "Z" < "a", "" < " ")
-- comparisons of numeric strings are by bytes
print("10" < "9", "2" < "10", "-1" < "-2", "1e2" < "2")
-- numeric for accepts numeric strings
local seen = {}
for i = "1", "3" do seen[#seen + 1] = i end
print(table.concat(seen, ","), type(seen[1]))
for i = 1, 2, "0.5" do io.write(i, " ") end print()
print(pcall(function() for i = "x", 2 do end end))
-- table keys: numbers and strings are distinct
local t = {}
t[1] = "number one" t["1"] = "string one" t[1.0] = "float one"
print(t[1], t["1"], #t)
t[2^53] = "big"
print(t[2^53], t[2^53 + 1])
-- string library functions accept numbers, and numbers get string methods via string.xxx only
print(string.len(123), string.rep(1, 3), string.sub(12345, 2, 3), string.upper(1e3), string.format("%s", 1/4))
print(pcall(function() local n = 5 return n:len() end))
-- tostring/tonumber round trips
for _, v in ipairs({0.1, 1/3, 123456789012, 1e-7, 2^-20, 12345.678}) do
  io.write(tostring(v), " ", tostring(tonumber(tostring(v)) == v), "  ")
end
print()
-- concatenation builds one string from many pieces
local s = ""
for i = 1, 10 do s = s .. i end
print(s, #s)
print(1 .. 2 .. 3 .. 4, "a" .. 1 + 2 .. "b", 2 .. 3 ^ 2)
-- the length operator on strings counts bytes
print(#"", #"abc", #"\0\0\0", #"\255\254", #tostring(12.5))
-- arithmetic on strings with leading/trailing spaces and signs
print("  -3  " * 2, "+4" + 0, "1e1" * 1, ".5" + 0, "5." + 0, pcall(function() return "1e" + 0 end))
-- booleans do not coerce
print(pcall(function() return true + 1 end))
print(pcall(function() return "x" .. true end))
print(pcall(function() return 1 < true end))
