-- One small function that uses each of the 38 opcodes at least once.
local function all(...)
  local a, b = 1, 2                 -- LOADK
  local c = a                       -- MOVE
  local d = a < b                   -- LT, JMP, LOADBOOL
  local e, f, g                     -- (no code at function start)
  e = nil                           -- LOADNIL
  G = c                             -- SETGLOBAL
  local h = G                       -- GETGLOBAL
  local t = {}                      -- NEWTABLE
  t.x = h                           -- SETTABLE
  local i = t.x                     -- GETTABLE
  local j = a + b - c * h / i % 2 ^ h -- ADD SUB MUL DIV MOD POW
  local k = -j                      -- UNM
  local l = not k                   -- NOT
  local m = #t                      -- LEN
  local n = "a" .. "b" .. j         -- CONCAT
  if a == b then n = 1 end          -- EQ
  if a <= b then n = 2 end          -- LE
  if a then n = 3 end               -- TEST
  local o = a or b                  -- TESTSET
  setmetatable(t, { __index = { get = function() return "got" end } })
  local p = t:get()                 -- SELF, CALL
  for q = 1, 2 do p = q end         -- FORPREP, FORLOOP
  for r in next, t do p = r end     -- TFORLOOP
  local s = { 1, 2, 3 }             -- SETLIST
  local u = function() return a end -- CLOSURE with an upvalue
  local v = ...                     -- VARARG
  do
    local w = 1
    t.f = function() w = w + 1 return w end -- GETUPVAL, SETUPVAL
  end                               -- CLOSE
  return e, f, g, d, l, m, o, p, s, u, v, all2(t)   -- TAILCALL avoided here
end
function all2(t) return t end
local function tail(...) return all2(...) end -- TAILCALL, RETURN
local mt = { __index = { get = function() return "got" end } }
print(select("#", all(1)), tail(1))
local obj = setmetatable({}, mt)
print(obj:get())
