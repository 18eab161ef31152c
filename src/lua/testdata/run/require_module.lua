-- require, package.loaded / preload / loaders, module()
print(type(package.path), type(package.cpath), type(package.loaded), type(package.preload), #package.loaders)
print(package.loaded.string == string, package.loaded._G == _G, package.loaded["coroutine"] == coroutine)
print(require("string") == string, require("_G") == _G)
-- a missing module lists every place searched
print(pcall(require, "surely_missing_module"))
print(pcall(require, "a.b.c"))
local ok, msg = pcall(require)
print(ok, msg)
-- preload
package.preload["pre.mod"] = function(name, ...) print("loading", name, select("#", ...)) return {name = name} end
local m = require("pre.mod")
print(m.name, require("pre.mod") == m, package.loaded["pre.mod"] == m)
-- a loader returning nothing stores true
package.preload.nothing = function() end
print(require("nothing"), package.loaded.nothing)
-- a loader that sets package.loaded itself
package.preload.selfset = function(name) package.loaded[name] = "custom value" end
print(require("selfset"))
-- loaders that fail
package.preload.failing = function() error("loader failed") end
print(pcall(require, "failing"))
print(package.loaded.failing ~= nil)
-- recursive require is detected
package.preload.loop = function() return require("loop") end
print(pcall(require, "loop"))
-- a custom searcher in package.loaders
table.insert(package.loaders, 2, function(name)
  if name:match("^virtual%.") then return function(n) return "virtual module " .. n end end
  return "\n\tno virtual module '" .. name .. "'"
end)
print(require("virtual.one"))
print(pcall(require, "not_virtual"))
table.remove(package.loaders, 2)
package.loaders[5] = 42
print(pcall(require, "bad_loader_list"))
package.loaders[5] = nil
-- files found through package.path
package.path = "./?.luamod"
print(require("require_helper").greet("world"))
print(pcall(require, "require_missing"))
print(pcall(require, "require_broken"))
package.path = "./?.luamod;./sub/?/x.luamod"
print(pcall(require, "other"))
-- module()
module("my.mod", package.seeall)
print(_NAME, _PACKAGE, type(_M), _M == package.loaded["my.mod"], my.mod == _M)
function hello() return "hello from " .. _NAME end
print(my.mod.hello())
