-- golden: lua5.4
local main, ismain = coroutine.running()
print(type(main), ismain)
print(coroutine.isyieldable())
local co
co = coroutine.create(function()
  local r, im = coroutine.running()
  print(r == co, im, coroutine.isyieldable())
  print(coroutine.status(main))
end)
coroutine.resume(co)
print(coroutine.status(main))
