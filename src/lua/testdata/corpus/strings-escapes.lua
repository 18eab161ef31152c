-- Short strings with every escape sequence of the 5.1 lexer.
local bell = "\a"
local back = "\b"
local feed = "\f"
local nl = "\n"
local cr = "\r"
local tab = "\t"
local vt = "\v"
local bs = "\\"
local dq = "\""
local sq = '\''
local mixed = 'it\'s "quoted" and \'single\''
local other = "\q\z\?\["
local dec1 = "\0\1\9\10\65\127\128\200\255"
local dec2 = "\00001\0012\1234\2559"
local dec3 = "a\066c\100\101f"
local cont = "first line\
second line\
third"
local empty1, empty2 = "", ''
local nul = "a\0b\0\0c"
local spaces = "  leading and trailing  "
print(#bell, #back, #feed, #nl, #cr, #tab, #vt, bs, dq, sq, mixed, other)
print(#dec1, #dec2, dec3, cont, #empty1 + #empty2, #nul, spaces)
for i = 1, #dec2 do
  io.write(string.byte(dec2, i), " ")
end
print()

-- The same text spelled with escapes and without shares one constant.
local s1, s2, s3 = "AB", "\65\66", "A\66"
print(s1 == s2, s2 == s3)

-- Strings as table keys, fields and call arguments.
local t = { ["\n"] = 1, ["a\0"] = 2, ["\255"] = 3 }
t["\t"] = "\t"
print(t["\n"], t["a\0"], t["\255"], t["\t"] == tab)
print(("x\ty"):upper(), #"\\\\")
-- Raw bytes inside strings: a tab, Latin-1 and UTF-8 bytes.
local rawtab = "a	b"
local latin = "café über ÿ"
local utf8 = "cafÃ© â‚¬"
print(#rawtab, #latin, #utf8)
