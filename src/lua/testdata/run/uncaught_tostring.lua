-- a table error value with __tostring is still not a string to lua.c
print("start")
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
