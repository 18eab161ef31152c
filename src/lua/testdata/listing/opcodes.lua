-- Exercises every Lua 5.1 opcode at least once.
local a, b, c = 1, 2                      -- LOADK, LOADNIL
local t = {}                              -- NEWTABLE
local u = { 1, 2, 3, x = 4, [5] = 6 }     -- SETLIST, SETTABLE with constants
local flag = not a                        -- NOT
local yes, no = true, false               -- LOADBOOL
local cmp = a < b                         -- LT + LOADBOOL pair
g = a + b - c * a / b % 2 ^ a             -- ADD SUB MUL DIV MOD POW, SETGLOBAL
local n = -a                              -- UNM
local len = #t                            -- LEN
local s = "x" .. a .. "y"                 -- CONCAT
t.f = t[a]                                -- GETTABLE, SETTABLE
t[1], t.k = a + 1, b % c                  -- SETTABLE with K operands, MOD
local m = t:f(1, 2)                       -- SELF, CALL
print(gg, s)                              -- GETGLOBAL
if a == b then a = b elseif a <= 3 then b = a end  -- EQ, LE, JMP, MOVE
if 1 < a then c = 7 end                   -- LT with constant first
local x = a and b or c                    -- TEST, TESTSET
for i = 1, 10, 2 do t[i] = i end          -- FORPREP, FORLOOP
for k, v in pairs(t) do print(k, v) end   -- TFORLOOP
while a < 10 do a = a + 1 end
repeat local z = a; a = a - 1; local function h() return z end until a < 0  -- CLOSE
local function up()                       -- CLOSURE with upvalues
  a = a + 1                               -- GETUPVAL, SETUPVAL
  return a, b
end
local function va(...)                    -- VARARG
  local p, q = ...
  local all = { ... }
  return select("#", ...), p, q, all
end
do local w = 1; local function cl() return w end end
return up(va(1, 2, 3))                    -- TAILCALL
