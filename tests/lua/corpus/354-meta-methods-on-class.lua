local Stack = {}
Stack.__index = Stack
Stack.__len = function(s) return s.n end
Stack.__tostring = function(s)
  local parts = {}
  for i = 1, s.n do parts[i] = tostring(s.items[i]) end
  return "[" .. table.concat(parts, ",") .. "]"
end
Stack.__eq = function(a, b)
  if a.n ~= b.n then return false end
  for i = 1, a.n do if a.items[i] ~= b.items[i] then return false end end
  return true
end
Stack.__concat = function(a, b)
  local s = Stack.new()
  for i = 1, a.n do s:push(a.items[i]) end
  for i = 1, b.n do s:push(b.items[i]) end
  return s
end
function Stack.new() return setmetatable({items = {}, n = 0}, Stack) end
function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v; return self end
function Stack:pop() local v = self.items[self.n]; self.items[self.n] = nil; self.n = self.n - 1; return v end
local s = Stack.new():push(1):push(2):push(3)
print(tostring(s), s:pop(), tostring(s))
local t = Stack.new():push(1):push(2)
print(s == t, tostring(s .. t))
