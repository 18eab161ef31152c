-- chunk names in messages (luaO_chunkid with LUA_IDSIZE 60)
local function msg(src, name)
  local f, err = loadstring(src, name)
  if not f then return err end
  local ok, e = pcall(f)
  return e
end
-- sources used as names: cut at the first newline and at the size limit
for _, len in ipairs({1, 10, 40, 44, 45, 46, 47, 50, 59, 60, 61, 100}) do
  local src = "error('x')" .. string.rep("-", len - 10 > 0 and len - 10 or 0)
  print(len, msg(src))
end
print(msg("error('first line')\n-- second line"))
print(msg("\nerror('starts with a newline')"))
print(msg("  error('leading spaces')"))
print(msg("error('tab\tin source')"))
-- "=" names are used as they are, cut to 59 characters
for _, len in ipairs({0, 1, 58, 59, 60, 61, 80}) do
  print(len, msg("error('eq')", "=" .. string.rep("e", len)))
end
-- "@" names are file names: long ones keep their end, prefixed by "..."
for _, len in ipairs({0, 1, 55, 56, 57, 58, 59, 60, 80}) do
  print(len, msg("error('at')", "@" .. string.rep("f", len - 4 > 0 and len - 4 or 0) .. ".lua"))
end
-- other names are treated as source text
print(msg("error('named')", "plain name"))
print(msg("error('named')", "multi\nline name"))
print(msg("error('named')", ""))
print(msg("error('named')", string.rep("n", 70)))
-- syntax errors use the same names
print(msg("x = = 1", "=short"))
print(msg("x = = 1", "@dir/file.lua"))
print(msg("x = = 1", string.rep("s", 70)))
print(msg("x = = 1"))
print(msg("x = \n\n = 1"))
-- the name of the running file as the debug library sees it
local info = debug.getinfo(1, "S")
print(info.source, info.short_src, info.what)
local linfo = debug.getinfo(loadstring("return 1", "=given"), "S")
print(linfo.source, linfo.short_src, linfo.what, linfo.linedefined)
local sinfo = debug.getinfo(loadstring(string.rep("x", 80) .. " = 1"), "S")
print(sinfo.short_src)
