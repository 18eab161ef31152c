-- A JSON encoder and decoder.
local json = {}

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function is_array(t)
  local n = 0
  for k in pairs(t) do
    if type(k) ~= "number" or k <= 0 or k % 1 ~= 0 then return false end
    n = n + 1
  end
  return n == #t
end

function json.encode(v)
  local kind = type(v)
  if kind == "nil" then
    return "null"
  elseif kind == "boolean" then
    return v and "true" or "false"
  elseif kind == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("cannot encode " .. tostring(v)) end
    if v % 1 == 0 and v >= -1e15 and v <= 1e15 then return string.format("%d", v) end
    return string.format("%.14g", v)
  elseif kind == "string" then
    return encode_string(v)
  elseif kind == "table" then
    local parts = {}
    if is_array(v) then
      for i = 1, #v do parts[i] = json.encode(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do
      parts[i] = encode_string(k) .. ":" .. json.encode(v[k])
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode a " .. kind)
end

local decode_value

local function skip(s, i)
  return s:find("[^ \t\r\n]", i) or #s + 1
end

local function decode_string(s, i)
  local out, j = {}, i + 1
  while true do
    local c = s:sub(j, j)
    if c == "" then error("unterminated string at " .. i) end
    if c == '"' then return table.concat(out), j + 1 end
    if c == "\\" then
      local e = s:sub(j + 1, j + 1)
      local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
      if e == "u" then
        out[#out + 1] = string.char(tonumber(s:sub(j + 2, j + 5), 16) % 256)
        j = j + 6
      else
        out[#out + 1] = map[e] or e
        j = j + 2
      end
    else
      out[#out + 1] = c
      j = j + 1
    end
  end
end

function decode_value(s, i)
  i = skip(s, i)
  local c = s:sub(i, i)
  if c == "{" then
    local obj = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "}" then return obj, i + 1 end
    repeat
      local k
      k, i = decode_string(s, skip(s, i))
      i = skip(s, i)
      assert(s:sub(i, i) == ":", "colon expected")
      obj[k], i = decode_value(s, i + 1)
      i = skip(s, i)
      c = s:sub(i, i)
      i = i + 1
    until c ~= ","
    assert(c == "}", "brace expected")
    return obj, i
  elseif c == "[" then
    local arr = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "]" then return arr, i + 1 end
    repeat
      arr[#arr + 1], i = decode_value(s, i)
      i = skip(s, i)
      c = s:sub(i, i)
      i = i + 1
    until c ~= ","
    assert(c == "]", "bracket expected")
    return arr, i
  elseif c == '"' then
    return decode_string(s, i)
  elseif s:find("^true", i) then
    return true, i + 4
  elseif s:find("^false", i) then
    return false, i + 5
  elseif s:find("^null", i) then
    return nil, i + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not num then error("unexpected '" .. c .. "' at " .. i) end
    return tonumber(num), i + #num
  end
end

function json.decode(s)
  local v, i = decode_value(s, 1)
  i = skip(s, i)
  if i <= #s then error("trailing garbage at " .. i) end
  return v
end

local doc = { name = "node", list = { 1, 2.5, -3, true, false }, nested = { a = { b = "c\n\"q\"" } } }
local text = json.encode(doc)
print(text)
local back = json.decode(text)
print(back.name, back.list[2], back.list[4], back.nested.a.b == doc.nested.a.b)
print(json.encode(json.decode(' { "x" : [ 1 , { } , [ ] , "\\u0041" ] } ')))
print(pcall(json.decode, "[1, 2"))
