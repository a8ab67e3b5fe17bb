-- golden: lua5.4
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("from inside pcall")
    if x == "raise" then error("raised after resume", 0) end
    return x
  end)
  coroutine.yield(tostring(ok) .. ":" .. tostring(v))
  local ok2, v2 = pcall(function()
    local y = coroutine.yield("second")
    error("err:" .. y, 0)
  end)
  return tostring(ok2) .. ":" .. tostring(v2)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "value"))
print(coroutine.resume(co))
print(coroutine.resume(co, "Y"))
print(coroutine.status(co))
local co2 = coroutine.wrap(function()
  for i = 1, 3 do
    local ok, e = pcall(function() coroutine.yield(i) error("e" .. i, 0) end)
    coroutine.yield(e)
  end
end)
local out = {}
for i = 1, 6 do out[#out + 1] = tostring(co2()) end
print(table.concat(out, " "))
