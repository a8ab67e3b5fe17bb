local co = coroutine.create(function(...) return select("#", ...), ... end)
print(coroutine.resume(co, nil, nil, 3))
local co2 = coroutine.create(function(a) local b, c = coroutine.yield(a * 2) return a + b + c end)
print(coroutine.resume(co2, 5))
print(coroutine.resume(co2, 10, 20))
local echo = coroutine.wrap(function(...)
  local args = {...}
  while true do args = {coroutine.yield(unpack(args))} end
end)
print(echo(1, 2))
print(echo("a"))
print(echo())
