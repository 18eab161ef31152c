-- A small program: globals, locals, closures with upvalues, loops, tables, strings.
local count = 0
local names = { "alpha", "beta", "gamma", n = 3, [10] = true }

local function greet(who, ...)
  count = count + 1
  local extra = select("#", ...)
  return "hello " .. who .. " #" .. count .. (extra > 0 and " +" .. extra or "")
end

function report(t)
  local out = {}
  for i, name in ipairs(t) do
    out[#out + 1] = greet(name, i)
  end
  for k = #out, 1, -1 do
    if out[k] == nil then break end
  end
  return table.concat(out, ", "), count / 2, -0.5, 1e300
end

print(report(names))
return greet
