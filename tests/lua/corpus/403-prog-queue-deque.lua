local Deque = {}
Deque.__index = Deque
function Deque.new() return setmetatable({first = 0, last = -1, items = {}}, Deque) end
function Deque:push_back(v) self.last = self.last + 1; self.items[self.last] = v end
function Deque:push_front(v) self.first = self.first - 1; self.items[self.first] = v end
function Deque:pop_front()
  if self.first > self.last then return nil end
  local v = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return v
end
function Deque:pop_back()
  if self.first > self.last then return nil end
  local v = self.items[self.last]
  self.items[self.last] = nil
  self.last = self.last - 1
  return v
end
function Deque:size() return self.last - self.first + 1 end
local q = Deque.new()
for i = 1, 5 do q:push_back(i) end
q:push_front(0)
q:push_front(-1)
print(q:size(), q:pop_front(), q:pop_back(), q:pop_front(), q:size())
local out = {}
while q:size() > 0 do out[#out + 1] = q:pop_front() end
print(table.concat(out, " "), q:pop_front(), q:pop_back())
local big = Deque.new()
for i = 1, 10000 do big:push_back(i) end
local s = 0
for i = 1, 5000 do s = s + big:pop_front() end
print(s, big:size())
