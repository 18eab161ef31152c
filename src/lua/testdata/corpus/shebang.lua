#!/usr/bin/env lua5.1
-- The first line starts with '#': the loader skips it but keeps its line number.
local function greet(name)
  return "hello " .. name
end
print(greet("world"))
print(debug.getinfo(1, "l").currentline)
