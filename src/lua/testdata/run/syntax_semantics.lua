-- expression and statement semantics: precedence, literals, multiple results, scoping
print(2^-3^2, -2^2, not nil == true, "a".."b"=="ab", 1 .. 2 == "12", 2^3^2, -3 % 5, -(3 % 5))
print(0x10, 1e+2, .5e1, 3., 0XfF)
print("\65\066\0677", "a\
b", "tab\9end", '\'', "\"", "\\n")
print([==[
first newline skipped]==], [[a]].."b", #[[

]])
local a, b, c = (function() return 1, 2, 3 end)()
print(a, b, c, ((function() return 1, 2 end)()))
print(#{(function() return 1, 2, 3 end)()}, #{(function() return 1, 2, 3 end)(), nil}, #{nil, (function() return 1, 2 end)()})
local t = {[1] = "a", "b"}
print(t[1])
local t2 = {"b", [1] = "a"}
print(t2[1])
print(1 and 2, nil and 1, false or nil, nil or false, 1 or error("x"), false and error("y"))
print(1 < 2 == true, "x" == "x" and "y" or "z")
local s = 0
for i = 10, 1, -2 do s = s + i end
print(s)
for i = 1, 3 do local j = i * 2 if j == 4 then break end print("j", j) end
local n = 0
repeat local done = n >= 3 n = n + 1 until done
print(n)
do local x = 1; do local x = x + 1; print(x) end; print(x) end
local function f(...) local a, b = ... return a, b, select("#", ...) end
print(f(), f(1), f(1, 2, 3))
print(type(nil) == "nil", type(f) == "function")
print(math.pi - math.pi % 0.001)
-- assignment evaluates all expressions before assigning
local x, y = 1, 2
x, y = y, x
print(x, y)
local arr = {1, 2, 3}
local i = 1
i, arr[i] = i + 1, "changed"
print(i, arr[1], arr[2])
-- extra values are dropped, missing ones are nil
local p, q, r = 1, 2
local u = 1, 2, 3
print(p, q, r, u)
-- closures capture fresh locals per iteration
local fns = {}
for k = 1, 3 do fns[k] = function() return k end end
print(fns[1](), fns[2](), fns[3]())
-- while with break out of nested loops through a flag
local found
for a = 1, 5 do
  for b = 1, 5 do
    if a * b == 12 then found = a .. "x" .. b break end
  end
  if found then break end
end
print(found)
-- numeric for does not see changes to its control variable
local iters = 0
for c = 1, 3 do c = c * 10 iters = iters + 1 end
print(iters)
-- semicolons after statements
local e = 1; print(e);
-- method definitions and calls
local obj = {n = 0}
function obj.add(self, v) self.n = self.n + v return self end
function obj:sub(v) self.n = self.n - v return self end
print(obj:add(5):sub(2):add(10).n)
-- string call syntax
local function id(v) return v end
print(id"literal", id[[long]], #id{1, 2})
-- long comments and nested brackets
--[==[ a comment with ]] inside ]==] print("after long comment")
--[[ ]] print("after short long comment")
