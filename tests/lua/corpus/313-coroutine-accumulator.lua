local acc = coroutine.wrap(function()
  local total = 0
  while true do
    local v = coroutine.yield(total)
    if v == nil then break end
    total = total + v
  end
  return "final " .. total
end)
acc()
acc(5)
acc(10)
print(acc(20))
print(acc())
