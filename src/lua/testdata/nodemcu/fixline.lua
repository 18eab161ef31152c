-- A call whose "(" is on the line of the instruction before it and whose ")" is on a later
-- line: luaK_fixline moves the CALL back to that line and lcode.c then writes a separate
-- "-0" item instead of counting it with the instruction before.
print(
)
local t = setmetatable({}, {
})
io.write("a",
  "b")
