-- Method calls (SELF) and method definitions with an implicit 'self'.
local Account = {}
Account.__index = Account

function Account.new(balance)
  return setmetatable({ balance = balance or 0 }, Account)
end

function Account:deposit(v)
  self.balance = self.balance + v
  return self
end

function Account:withdraw(v)
  if v > self.balance then
    error("insufficient funds")
  end
  self.balance = self.balance - v
  return self
end

function Account:get() return self.balance end

local acc = Account.new(100)
acc:deposit(50):withdraw(30)
print(acc:get(), acc.get(acc), Account.get(acc))
print(pcall(acc.withdraw, acc, 1000))

-- Methods with string and table arguments, and on expressions.
local obj = {
  name = "obj",
  say = function(self, s) return self.name .. ":" .. tostring(s) end,
  sum = function(self, t) local n = 0 for _, v in ipairs(t) do n = n + v end return n end,
}
print(obj:say "hi", obj:say [[long]], obj:sum { 1, 2, 3 }, obj:say())
print(("abc"):upper(), ("x"):rep(3), ("%s=%s"):format("k", "v"))
local s = "text"
print(s:len(), s:sub(2, 3), s:upper():lower():len())

-- Nested names in function definitions.
local a = { b = { c = {} } }
function a.b.c.f(x) return x + 1 end
function a.b.c:m(x) return self == a.b.c, x end
function a.b.g() return "g" end
print(a.b.c.f(1), a.b.c:m(2), a.b.g())

-- Method call on a field of a field, on a call result and inside arguments.
local deep = { inner = { v = 5, get = function(self) return self.v end } }
print(deep.inner:get(), (function() return deep.inner end)():get())
print(obj:say(obj:say(obj:sum { 4, 5 })))
G = obj
print(G:say("global"))
local up = obj
local function viaup() return up:say("upvalue") end
print(viaup())
-- A method key that needs a register because it is not a short constant.
local key = "say"
print(obj[key](obj, "indexed"))
