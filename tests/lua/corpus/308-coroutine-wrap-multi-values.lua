local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local gen = coroutine.wrap(function()
  coroutine.yield(1, "one")
  coroutine.yield(2, "two", "extra")
  coroutine.yield()
  return 4, "four"
end)
print(gen())
print(gen())
print(select("#", gen()))
print(gen())
for k, v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i, i * i) end end) do write(k, "=", v, " ") end
flush()
