-- Windows line endings: each CR LF pair counts as one line.
local a = 1
local s = "one\
two"
local l = [[
first
second]]

local function f(x)
  return x +
    a
end
print(#s, #l, f(2))
print(
  s,
  l
)
