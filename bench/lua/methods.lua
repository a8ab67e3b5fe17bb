-- Method calls on objects: classes via metatables and __index, single inheritance
-- (a two-level __index chain), many obj:method() calls and field reads/writes.
local Vec = {}
Vec.__index = Vec

function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec:add(o) self.x = self.x + o.x; self.y = self.y + o.y; return self end
function Vec:scale(k) self.x = self.x * k; self.y = self.y * k; return self end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:reset() self.x = 0; self.y = 0 end

local Account = {}
Account.__index = Account
function Account.new(owner) return setmetatable({ owner = owner, balance = 0, ops = 0 }, Account) end
function Account:deposit(v) self.balance = self.balance + v; self.ops = self.ops + 1 end
function Account:withdraw(v)
  if v > self.balance then return false end
  self.balance = self.balance - v
  self.ops = self.ops + 1
  return true
end
function Account:getBalance() return self.balance end

-- subclass: methods not found on Savings are looked up on Account through __index
local Savings = setmetatable({}, { __index = Account })
Savings.__index = Savings
function Savings.new(owner, rate)
  local a = Account.new(owner)
  a.rate = rate
  return setmetatable(a, Savings)
end
function Savings:addInterest() self:deposit(self.balance * self.rate) end

local N = 2000000
local t0 = os.clock()

local a, b = Vec.new(1, 2), Vec.new(3, 4)
local acc = 0
for i = 1, N do
  a:add(b)
  acc = acc + a:dot(b)
  if i % 64 == 0 then a:reset() end
end

local accounts = {}
for i = 1, 100 do
  if i % 2 == 0 then accounts[i] = Savings.new("s" .. i, 0.001) else accounts[i] = Account.new("a" .. i) end
end
local failed = 0
for i = 1, N do
  local ac = accounts[i % 100 + 1]
  ac:deposit(i % 50)
  if not ac:withdraw(i % 70) then failed = failed + 1 end
  if i % 1000 == 0 and ac.addInterest then ac:addInterest() end
end
local total = 0
for i = 1, 100 do total = total + accounts[i]:getBalance() end

-- objects created in the loop
local sum = 0
for i = 1, N / 4 do
  local v = Vec.new(i % 10, 1):scale(2)
  sum = sum + v:dot(b)
end

local elapsed = os.clock() - t0
print(string.format("checksum %.0f %d %.3f %.0f", acc % 1000000007, failed, total, sum))
print(string.format("time %.6f", elapsed))
