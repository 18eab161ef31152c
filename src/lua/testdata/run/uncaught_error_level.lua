-- error with level 2 blames the caller in the message; the traceback is unchanged
local function check(v) if type(v) ~= "number" then error("expected a number, got " .. type(v), 2) end return v end
local function use() return check("text") + 1 end
print(pcall(use))
use()
