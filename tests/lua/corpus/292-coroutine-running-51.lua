local co
co = coroutine.create(function()
  local r = coroutine.running()
  print(r == co, type(r))
end)
coroutine.resume(co)
