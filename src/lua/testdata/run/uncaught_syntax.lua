-- a syntax error stops the program before it runs: no output, no traceback
print("this line is never run")
local x = = 1
