-- Line information: instructions take the line of the last token read, calls
-- the line of their argument list, function statements the line of 'function'.
local a = 1; local b = 2; local c = a + b
print(
  a,
  b,
  c
)
local t = {
  1,
  2,
  x =
    3,
  [
    "y"
  ] = 4,
}
local sum = a
  + b
  * c
  - t
  .
  x
print(sum, t.y)
local function f(...)
  return ...
end
local r = f(
1)
print(r)
print(f(
    2
  ),
  f
  "three"
  ,
  type(f
  {
  })
)
local s = "a" ..
  "b" ..
  "c"
if
  a
  ==
  1
then
  print(s)
end
for
  i
  =
  1
  ,
  2
do
  print(i)
end
for
  k
  ,
  v
  in
  pairs({ 1 })
do
  print(k, v)
end
while
  a < 3
do
  a = a + 1
end
repeat
  b = b + 1
until
  b
  >
  3
print(a, b)
local obj = { m = function(self, x) return x end }
print(obj
  :m(
    "method"
  ))
local function g
  (
  )
end
g()
local x = a and
  b or
  c
print(x,
  not
  a,
  -
  b,
  #
  t)
return
  a
