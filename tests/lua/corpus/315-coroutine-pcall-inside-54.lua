-- golden: lua5.4
local log = {}
local co = coroutine.wrap(function()
  for i = 1, 3 do
    local ok, err = pcall(function()
      local v = coroutine.yield(i)
      if v == "bad" then error("bad value at " .. i, 0) end
      log[#log + 1] = "good " .. i
    end)
    if not ok then log[#log + 1] = err end
  end
  return "done"
end)
print(co(), co("ok"), co("bad"), co("ok"))
print(table.concat(log, "; "))
local nested = coroutine.wrap(function()
  return select(2, pcall(function()
    return select(2, pcall(function()
      return coroutine.yield("deep yield")
    end))
  end))
end)
print(nested())
print(nested("resumed deep"))
