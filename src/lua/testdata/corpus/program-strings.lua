-- String processing with the string library; long string constants.
local text = [[
The quick brown fox jumps over the lazy dog.
Pack my box with five dozen liquor jugs!
How vexingly quick daft zebras jump?
]]
local words, freq = 0, {}
for w in text:gmatch("%a+") do
  words = words + 1
  local lw = w:lower()
  freq[lw] = (freq[lw] or 0) + 1
end
print(words, freq.quick, freq.the)

local function title(s)
  return (s:gsub("(%a)([%w_']*)", function(first, rest) return first:upper() .. rest:lower() end))
end
print(title("hello wORLD from lua"))
print(("a,b,,c"):gsub(",", ";"))
print(("key=value; other=thing"):match("(%w+)=(%w+)"))
print(string.format("%5d|%-5s|%05.1f|%x|%X|%o|%e|%g|%q", 42, "ab", 3.14159, 255, 255, 8, 12345.678, 0.0001, 'q"\n'))
print(("%s %s"):rep(2, "|"), ("abc"):reverse(), ("abc"):byte(1, -1))
print(string.char(72, 105), ("  trim  "):match("^%s*(.-)%s*$") .. "|")

local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do
    out[#out + 1] = piece
  end
  return out
end
local parts = split("a.b.c..d", ".")
print(#parts, table.concat(parts, "|"))

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end
print(hex("\0\1\127\128\255"))

-- A long constant with embedded zeros and every byte value.
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
local all = table.concat(bytes)
local literal = "\0\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18\19\20\21\22\23\24\25\26\27\28\29\30\31 !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\127\128\129\130\131\132\133\134\135\136\137\138\139\140\141\142\143\144\145\146\147\148\149\150\151\152\153\154\155\156\157\158\159\160\161\162\163\164\165\166\167\168\169\170\171\172\173\174\175\176\177\178\179\180\181\182\183\184\185\186\187\188\189\190\191\192\193\194\195\196\197\198\199\200\201\202\203\204\205\206\207\208\209\210\211\212\213\214\215\216\217\218\219\220\221\222\223\224\225\226\227\228\229\230\231\232\233\234\235\236\237\238\239\240\241\242\243\244\245\246\247\248\249\250\251\252\253\254\255"
print(#all, #literal, all == literal)
local long = [[
Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et
dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex
ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat
nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit
anim id est laborum.]]
print(#long, select(2, long:gsub("\n", "")))
