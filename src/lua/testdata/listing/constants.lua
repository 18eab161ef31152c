local s1 = "quote\" backslash\\ bell\a bs\b ff\f nl\n cr\r tab\t vt\v"
local s2 = "nul\0after del\127 high\128\200\255 ctl\1\31 end"
local s3 = 'single \'quoted\' and [[long]]'
local s4 = [[
long string, first newline skipped]]
local n1, n2, n3, n4 = 0, 1, -1, 3.5
local n5, n6, n7 = 1e100, 1e-100, 0.1
local n8, n9, n10 = 123456789012345, 12345678901234, 2^53
local n11, n12, n13 = 1e400, -1e400, 0x7fffffff
local n14, n15, n16 = 1 / 3, 0.0001, 0.00001
local n17, n18 = 100000000000000.5, 1e15
local n19, n20 = 5e-324, 1.7976931348623157e308
local n21 = -0
local t = { s1 = s1, [1.5] = true, [false] = nil }
t["with space"] = "v"
t[2] = t[1.25]
return s1 .. s2 .. s3 .. s4, n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 + n11 + n12 + n13
