-- error(nil) at top level: nothing is reported, the exit status is still 1
print("about to fail silently")
local function f() error() end
f()
