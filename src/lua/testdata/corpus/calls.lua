-- Call forms: argument lists, open results, string and table arguments.
local function id(...) return ... end
local function count(...) return select("#", ...) end
local function two() return 1, 2 end
local function none() end

print(count())
print(count(1))
print(count(1, 2, 3))
print(count(two()))
print(count(two(), two()))
print(count((two())))
print(count(two(), nil))
print(count(none()))
print(count(nil, none()))
print(count(id(1, 2, 3)))
print(count "string")
print(count [[long string]])
print(count { 1, 2, 3 })
print(count {})

-- Chained calls and calls on results.
local function curry(a)
  return function(b)
    return function(c)
      return a + b + c
    end
  end
end
print(curry(1)(2)(3))
local function maker() return { f = function() return "field fn" end } end
print(maker().f())
print(("%d-%d"):format(1, 2))
local function str(s) return function(t) return s .. #t end end
print(str "a" { 1, 2 })
print(str [[b]] "ccc")

-- Calls as statements discard their results.
id(1, 2, 3)
two()
none()
maker().f()

-- Results into different places.
local a, b, c = two()
local d = two()
local e, f = two(), 10
local g = { two() }
G1, G2 = two()
print(a, b, c, d, e, f, #g, G1, G2)

-- Calls with many arguments and nested calls.
print(count(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20))
print(id(id(id(1, 2), id(3, 4)), id(5)))
print(math.max(math.min(5, 3), math.abs(-2)), string.rep("ab", 3, nil))
print(tostring(nil), type(print), select(2, "a", "b", "c"))
