-- golden: lua5.4
local co = coroutine.create(function()
  coroutine.yield(1)
  local t = nil
  return t.x
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
local w = coroutine.wrap(function() local f; f() end)
print(pcall(w))
