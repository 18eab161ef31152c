-- an uncaught run-time error through tail calls and a method
local config = {settings = {}}
local function lookup(name) return config.settings[name].value end
local function get(name) return lookup(name) end
local Reader = {}
function Reader:read(key) local v = get(key) return v end
print("reading")
Reader:read("missing")
