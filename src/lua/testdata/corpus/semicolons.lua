-- Optional semicolons after statements.
local a = 1;
local b = 2; local c = 3;
a = b; b = c; c = a;
print(a, b, c);
do end
do local x = 1; print(x); end;
if a then print("a"); end;
for i = 1, 2 do print(i); end;
while false do end;
repeat local y = 1; until y;
local function f() return 1; end;
print(f());
local function g() return; end;
print(g());
local t = { 1; 2, 3; };
print(#t);
