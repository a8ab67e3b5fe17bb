local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  local r = {coroutine.yield()}
  print("resumed with", #r, r[1], r[2])
  r = {coroutine.yield(nil, nil)}
  print("resumed with", select("#", unpack(r)))
  return ...
end)
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co, "a", "b"))
print(select("#", coroutine.resume(co)))
local co2 = coroutine.create(function() return end)
print(select("#", coroutine.resume(co2)))
local co3 = coroutine.create(function() coroutine.yield() end)
print(select("#", coroutine.resume(co3)))
