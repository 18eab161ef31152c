-- Mixed line endings in one file.
local t = {}
t[1] = 1t[2] = 2
t[3] = 3

print(
  t[1] + t[2] + t[3])
