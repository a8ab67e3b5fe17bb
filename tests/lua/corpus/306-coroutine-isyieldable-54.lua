-- golden: lua5.4
print(coroutine.isyieldable())
print(coroutine.wrap(function() return coroutine.isyieldable() end)())
local co = coroutine.create(function() return pcall(coroutine.isyieldable) end)
print(coroutine.resume(co))
print(select("#", coroutine.running()))
