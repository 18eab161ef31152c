-- A short comment.
--[[ A long comment
spanning lines ]]
--[==[ level two
]] does not end it, ]=] neither
]==]
local x = 1 -- trailing comment
local y = --[[ inline ]] 2
--[ only a short comment, not a long one
--[= also short: the bracket is not complete
--[==x short again
---[[ three dashes: a short comment
print(x, y)
--]]
--[[]]local z = 3
--[=[]=]print(z)
-- Comments between tokens of one expression:
local w = x --[[ a ]] + --[[ b ]] y -- c
print(w) --[[ long comment after a statement
]] print(w + 1)
----------------------------------------------------------------------
--[[
  Commented-out code:
  local unused = 1
  print(unused)
--]]
print("end")
-- The last line is a comment without a newline.
-- no newline at the end