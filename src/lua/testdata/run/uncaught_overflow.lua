-- an uncaught stack overflow: the traceback is cut in the middle
local function recurse(n) return 1 + recurse(n + 1) end
print("recursing")
recurse(1)
