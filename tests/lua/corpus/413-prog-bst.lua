local BST = {}
BST.__index = BST
function BST.new() return setmetatable({root = nil, size = 0}, BST) end
function BST:insert(k, v)
  local node = {key = k, val = v}
  if not self.root then self.root = node; self.size = 1; return end
  local cur = self.root
  while true do
    if k == cur.key then cur.val = v; return
    elseif k < cur.key then
      if cur.left then cur = cur.left else cur.left = node; break end
    else
      if cur.right then cur = cur.right else cur.right = node; break end
    end
  end
  self.size = self.size + 1
end
function BST:get(k)
  local cur = self.root
  while cur do
    if k == cur.key then return cur.val end
    cur = k < cur.key and cur.left or cur.right
  end
end
function BST:inorder()
  local out = {}
  local function walk(n) if n then walk(n.left); out[#out + 1] = n.key; walk(n.right) end end
  walk(self.root)
  return out
end
function BST:height()
  local function h(n) if not n then return 0 end return 1 + math.max(h(n.left), h(n.right)) end
  return h(self.root)
end
local t = BST.new()
for _, k in ipairs({50, 30, 70, 20, 40, 60, 80, 30, 65}) do t:insert(k, "v" .. k) end
print(t.size, t:height(), table.concat(t:inorder(), " "))
print(t:get(40), t:get(65), t:get(99))
local w = BST.new()
for _, word in ipairs({"m", "c", "x", "a", "e", "z"}) do w:insert(word, #word) end
print(table.concat(w:inorder(), ""))
