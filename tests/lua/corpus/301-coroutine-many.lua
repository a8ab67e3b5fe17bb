local cos = {}
for i = 1, 100 do
  cos[i] = coroutine.create(function(x)
    local total = x
    while true do
      local y = coroutine.yield(total)
      if y == nil then return total end
      total = total + y
    end
  end)
end
local sum = 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i], i) sum = sum + v end
for round = 1, 3 do
  for i = 1, 100 do coroutine.resume(cos[i], round) end
end
local final = 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i]) final = final + v end
print(sum, final)
local dead = 0
for i = 1, 100 do if coroutine.status(cos[i]) == "dead" then dead = dead + 1 end end
print(dead)
