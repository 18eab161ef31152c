-- A small class system with inheritance and metamethods.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then
    setmetatable(c, { __index = parent })
  end
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  return c
end

local Vector = class()
function Vector:init(x, y)
  self.x, self.y = x or 0, y or 0
end
Vector.__add = function(a, b) return Vector.new(a.x + b.x, a.y + b.y) end
Vector.__sub = function(a, b) return Vector.new(a.x - b.x, a.y - b.y) end
Vector.__mul = function(a, k)
  if type(a) == "number" then a, k = k, a end
  return Vector.new(a.x * k, a.y * k)
end
Vector.__unm = function(a) return Vector.new(-a.x, -a.y) end
Vector.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vector.__lt = function(a, b) return a:len2() < b:len2() end
Vector.__le = function(a, b) return a:len2() <= b:len2() end
Vector.__tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end
Vector.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vector.__call = function(a, k) return a[k] end
function Vector:len2() return self.x * self.x + self.y * self.y end

local v1, v2 = Vector.new(1, 2), Vector.new(3, 4)
print(tostring(v1 + v2), tostring(v2 - v1), tostring(v1 * 3), tostring(2 * v1), tostring(-v1))
print(v1 == Vector.new(1, 2), v1 ~= v2, v1 < v2, v2 <= v1, v1 .. v2, v1("y"))

local Shape = class()
function Shape:init(name) self.name = name end
function Shape:area() return 0 end
function Shape:describe()
  return self.name .. " with area " .. string.format("%.2f", self:area())
end
local Circle = class(Shape)
function Circle:init(r)
  Shape.init(self, "circle")
  self.r = r
end
function Circle:area() return math.pi * self.r ^ 2 end
local Rect = class(Shape)
function Rect:init(w, h)
  Shape.init(self, "rect")
  self.w, self.h = w, h
end
function Rect:area() return self.w * self.h end
local Square = class(Rect)
function Square:init(s)
  Rect.init(self, s, s)
  self.name = "square"
end

local shapes = { Circle.new(1), Rect.new(2, 3), Square.new(4), Shape.new("blob") }
table.sort(shapes, function(a, b) return a:area() < b:area() end)
for _, s in ipairs(shapes) do
  print(s:describe())
end

-- Read-only proxies with __index/__newindex, and rawget/rawset.
local function readonly(t)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error("attempt to set " .. tostring(k), 2) end,
  })
end
local ro = readonly({ a = 1 })
print(ro.a, pcall(function() ro.b = 2 end))
local log = {}
local tracked = setmetatable({}, {
  __newindex = function(t, k, v)
    log[#log + 1] = k
    rawset(t, k, v)
  end,
})
tracked.one = 1
tracked.two = 2
tracked.one = 11
print(#log, rawget(tracked, "one"), tracked.two)
