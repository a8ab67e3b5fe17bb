local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "finished"
end)
print(gen(3), gen(), gen(), gen())
print(pcall(gen))
local w = coroutine.wrap(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(#args, ...)}
  end
end)
print(w(1, 2, 3))
print(w())
print(w(nil, nil))
local failing = coroutine.wrap(function() error("wrapped failure") end)
print(pcall(failing))
local failing2 = coroutine.wrap(function() error({code = 1}) end)
local ok, e = pcall(failing2)
print(ok, type(e), e.code)
