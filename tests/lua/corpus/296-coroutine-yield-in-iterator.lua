local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function iter_co(t)
  return coroutine.wrap(function()
    for i, v in ipairs(t) do coroutine.yield(i, v) end
  end)
end
for i, v in iter_co({"x", "y", "z"}) do write(i, v, " ") end flush()
local consumer = coroutine.wrap(function()
  local acc = {}
  for i, v in iter_co({10, 20, 30}) do
    acc[#acc + 1] = v
    coroutine.yield(#acc)
  end
  return "sum=" .. (acc[1] + acc[2] + acc[3])
end)
print(consumer(), consumer(), consumer(), consumer())
local function tree_walk(t)
  return coroutine.wrap(function()
    local function walk(node)
      if type(node) == "table" then for _, c in ipairs(node) do walk(c) end
      else coroutine.yield(node) end
    end
    walk(t)
  end)
end
local leaves = {}
for leaf in tree_walk({1, {2, {3, 4}}, {{5}}, 6}) do leaves[#leaves + 1] = leaf end
print(table.concat(leaves, " "))
