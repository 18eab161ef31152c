-- Long strings of several levels; a newline right after the opening bracket is dropped.
local a = [[]]
local b = [[one line]]
local c = [[
starts after the first newline]]
local d = [[

keeps the second newline]]
local e = [=[contains ]] and [[ at level one]=]
local f = [==[contains ]=] and ]] and [=[ at level two]==]
local g = [===[
level three
  with "quotes" and 'quotes' and \n not an escape
]===]
local h = [[a ] b ]=] c]]
local i = [=[
]=]
local j = [====================[twenty]====================]
local k = [[tab	inside]]
print(#a, b, c, d, e, f, g, h, #i, j, k)

-- Long strings as call arguments and table items.
print [[called with a long string]]
local t = { [[x]], [=[y]=], [ [[z]] ] = [==[w]==] }
print(t[1], t[2], t.z)
local s = string.rep([[ab]], 3) .. [[
cd]]
print(s)
-- A long string that spans lines shifts the line numbers that follow.
local multi = [[
1
2
3
]]
print(#multi, "line", 40)
