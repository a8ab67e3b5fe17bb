local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function iter(t) return coroutine.wrap(function() for _, v in ipairs(t) do coroutine.yield(v) end end) end
local function zip(a, b)
  return coroutine.wrap(function()
    while true do
      local x, y = a(), b()
      if x == nil or y == nil then return end
      coroutine.yield(x, y)
    end
  end)
end
for x, y in zip(iter({1, 2, 3}), iter({"a", "b", "c", "d"})) do write(x, y, " ") end
flush()
local function chain(...)
  local its = {...}
  return coroutine.wrap(function()
    for _, it in ipairs(its) do for v in it do coroutine.yield(v) end end
  end)
end
local out = {}
for v in chain(iter({1, 2}), iter({}), iter({3})) do out[#out + 1] = v end
print(table.concat(out, ","))
