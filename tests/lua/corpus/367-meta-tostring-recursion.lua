local Node = {}
Node.__index = Node
Node.__tostring = function(n)
  local kids = {}
  for i, c in ipairs(n.children) do kids[i] = tostring(c) end
  if #kids == 0 then return n.name end
  return n.name .. "(" .. table.concat(kids, " ") .. ")"
end
local function node(name, ...) return setmetatable({name = name, children = {...}}, Node) end
print(node("root", node("a", node("a1"), node("a2")), node("b"), node("c", node("c1"))))
