-- Every form of 'return'.
local function r0() return end
local function r0semi() return; end
local function r1(x) return x end
local function r2(x, y) return x, y end
local function rconst() return 1, "two", nil, true end
local function rexpr(x) return x + 1, x * 2, -x end
local function rtail(x) return r2(x, x) end
local function rparen(x) return (r2(x, x)) end
local function rlastopen(x) return x, r2(x, x) end
local function rfirstopen(x) return r2(x, x), x end
local function rdots(...) return ... end
local function rdotsmore(...) return 0, ... end
local function rdotsparen(...) return (...) end
local function rlocal() local a, b = 1, 2 return a, b end
local function rlocals3() local a, b, c = 1, 2, 3 return b end
local function rupval() return r1 end
local function rglobal() return print end
local function rfield() local t = { x = 1 } return t.x end
local function rtable() return { 1, 2 } end
local function rfunc() return function() return "inner" end end
local function randor(x) return x and "t" or "f" end
local function rnot(x) return not x end
local function rcmp(x) return x == 1 end
local function rconcat(x) return x .. x end
local function rmethod(s) return s:upper() end
local function rmethodparen(s) return (s:upper()) end
print(r0(), r0semi(), r1(1), r2(1, 2))
print(rconst())
print(rexpr(5))
print(rtail(3), rparen(3), rlastopen(4))
print(rfirstopen(5))
print(rdots(1, 2, 3), rdotsmore(1, 2), rdotsparen(7, 8))
print(rlocal(), rlocals3(), rupval() == r1, rglobal() == print)
print(rfield(), #rtable(), rfunc()(), randor(1), randor(nil), rnot(1), rcmp(1), rconcat("ab"))
print(rmethod("m"), rmethodparen("p"))

-- 'return' inside blocks must be the last statement of its block.
local function early(x)
  if x == 1 then return "one" end
  if x == 2 then
    return "two"
  elseif x == 3 then
    do return "three" end
  end
  for i = 1, 10 do
    if i == x then return "loop " .. i end
  end
  while true do
    return "while"
  end
end
print(early(1), early(2), early(3), early(5), early(20))

local function nested(x)
  do
    do
      local y = x * 2
      if y > 4 then
        return y
      end
    end
  end
  return -x
end
print(nested(1), nested(5))
