local function make()
  local count = 0
  local co = coroutine.wrap(function()
    while true do
      count = count + 1
      coroutine.yield(count)
    end
  end)
  return co, function() return count end
end
local next1, peek1 = make()
local next2, peek2 = make()
print(next1(), next1(), next2(), next1(), peek1(), peek2())
local shared = {}
local writer = coroutine.wrap(function()
  for i = 1, 3 do shared[i] = i * i; coroutine.yield() end
end)
writer()
print(#shared)
writer()
writer()
print(table.concat(shared, ","))
