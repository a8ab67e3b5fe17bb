local Heap = {}
Heap.__index = Heap
function Heap.new(cmp) return setmetatable({items = {}, cmp = cmp or function(a, b) return a < b end}, Heap) end
function Heap:push(v)
  local items = self.items
  items[#items + 1] = v
  local i = #items
  while i > 1 do
    local p = math.floor(i / 2)
    if self.cmp(items[i], items[p]) then items[i], items[p] = items[p], items[i]; i = p else break end
  end
end
function Heap:pop()
  local items = self.items
  local n = #items
  if n == 0 then return nil end
  local top = items[1]
  items[1] = items[n]
  items[n] = nil
  n = n - 1
  local i = 1
  while true do
    local l, r, s = 2 * i, 2 * i + 1, i
    if l <= n and self.cmp(items[l], items[s]) then s = l end
    if r <= n and self.cmp(items[r], items[s]) then s = r end
    if s == i then break end
    items[i], items[s] = items[s], items[i]
    i = s
  end
  return top
end
local h = Heap.new()
for _, v in ipairs({5, 3, 9, 1, 7, 2, 8, 6, 4}) do h:push(v) end
local out = {}
while true do local v = h:pop() if not v then break end out[#out + 1] = v end
print(table.concat(out, " "))
local tasks = Heap.new(function(a, b) return a.pri > b.pri or (a.pri == b.pri and a.name < b.name) end)
tasks:push({name = "write", pri = 2}); tasks:push({name = "test", pri = 5}); tasks:push({name = "deploy", pri = 1}); tasks:push({name = "review", pri = 5})
local order = {}
while true do local t = tasks:pop() if not t then break end order[#order + 1] = t.name end
print(table.concat(order, " > "))
