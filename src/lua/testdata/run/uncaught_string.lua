-- an uncaught error with a string message: lua: msg, a traceback, exit status 1
local Account = {}
Account.__index = Account
function Account.new(balance) return setmetatable({balance = balance}, Account) end
function Account:withdraw(n)
  if n > self.balance then error("insufficient funds: " .. self.balance .. " < " .. n) end
  self.balance = self.balance - n
end
local function process(acct, amounts)
  for _, a in ipairs(amounts) do acct:withdraw(a) print("withdrew", a, "left", acct.balance) end
end
process(Account.new(100), {30, 50, 40})
print("never printed")
