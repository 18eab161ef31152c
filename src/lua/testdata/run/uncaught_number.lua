-- a number error value is converted to a string and gets a traceback
print("numbers")
local function thrower(n) error(n, 0) end
local function middle(n) thrower(n * 2) end
middle(21)
