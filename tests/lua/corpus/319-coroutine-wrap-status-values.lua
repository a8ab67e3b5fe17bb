local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
local results = {}
local ok, v = coroutine.resume(co, 1, 2)
results[#results + 1] = v
ok, v = coroutine.resume(co, 10)
results[#results + 1] = v
ok, v = coroutine.resume(co, 3, 4)
results[#results + 1] = v
print(table.concat(results, " "), coroutine.status(co))
