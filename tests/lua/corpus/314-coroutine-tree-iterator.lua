local tree = {v = 4, l = {v = 2, l = {v = 1}, r = {v = 3}}, r = {v = 6, l = {v = 5}, r = {v = 7}}}
local function inorder(t)
  return coroutine.wrap(function()
    local function walk(n)
      if not n then return end
      walk(n.l)
      coroutine.yield(n.v)
      walk(n.r)
    end
    walk(t)
  end)
end
local out = {}
for v in inorder(tree) do out[#out + 1] = v end
print(table.concat(out, " "))
local function same_fringe(a, b)
  local ia, ib = inorder(a), inorder(b)
  while true do
    local x, y = ia(), ib()
    if x ~= y then return false end
    if x == nil then return true end
  end
end
local other = {v = 1, r = {v = 2, r = {v = 3, r = {v = 4, r = {v = 5, r = {v = 6, r = {v = 7}}}}}}}
print(same_fringe(tree, other), same_fringe(tree, {v = 1}))
