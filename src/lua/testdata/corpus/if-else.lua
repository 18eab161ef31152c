-- if / elseif / else in all combinations, with empty branches.
local function sign(x)
  if x > 0 then
    return 1
  elseif x < 0 then
    return -1
  else
    return 0
  end
end
print(sign(5), sign(-5), sign(0))

local function grade(s)
  local g
  if s >= 90 then g = "A"
  elseif s >= 80 then g = "B"
  elseif s >= 70 then g = "C"
  elseif s >= 60 then g = "D"
  else g = "F" end
  return g
end
print(grade(95), grade(85), grade(75), grade(65), grade(10))

local x = 1
if x then end
if x then else end
if x then elseif x then else end
if x then x = 2 end
if not x then x = 3 else x = x + 10 end
if x == 12 then
elseif x == 13 then
  x = 0
end
print(x)

-- Nested ifs and ifs that end in jumps.
local function nest(a, b, c)
  if a then
    if b then
      if c then return "abc" else return "ab" end
    else
      if c then return "ac" end
      return "a"
    end
  elseif b then
    if c then return "bc" end
  end
  return "none"
end
print(nest(1, 1, 1), nest(1, 1, nil), nest(1, nil, 1), nest(1, nil, nil), nest(nil, 1, 1), nest(nil, nil, nil))

-- Conditions of every kind: values, calls, fields, constants.
local t = { flag = true }
local function yes() return true end
if t.flag then print("field") end
if yes() then print("call") end
if t.missing then print("never") end
if true then print("true") end
if false then print("never") else print("false") end
if nil then print("never") elseif 0 then print("zero is true") end
-- Locals in branches.
if x then
  local inthen = "then"
  print(inthen)
else
  local inelse = "else"
  print(inelse)
end
