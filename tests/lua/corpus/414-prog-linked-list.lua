local List = {}
List.__index = List
function List.new(...) local l = setmetatable({head = nil, n = 0}, List) for i = select("#", ...), 1, -1 do l:push((select(i, ...))) end return l end
function List:push(v) self.head = {v = v, next = self.head}; self.n = self.n + 1; return self end
function List:iter() local node = self.head return function() if node then local v = node.v node = node.next return v end end end
function List:reverse()
  local prev, cur = nil, self.head
  while cur do cur.next, prev, cur = prev, cur, cur.next end
  self.head = prev
  return self
end
function List:map(f) local r = {} for v in self:iter() do r[#r + 1] = f(v) end return List.new(unpack(r)) end
List.__tostring = function(l) local p = {} for v in l:iter() do p[#p + 1] = tostring(v) end return "(" .. table.concat(p, " ") .. ")" end
List.__len = function(l) return l.n end
local l = List.new(1, 2, 3, 4)
print(tostring(l), l.n)
print(tostring(l:reverse()))
print(tostring(l:map(function(x) return x * 10 end)))
print(tostring(List.new()))
