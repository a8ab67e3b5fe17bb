local function producer()
  return coroutine.create(function()
    for _, item in ipairs({"apple", "banana", "cherry"}) do
      coroutine.yield(item)
    end
    return nil
  end)
end
local function filter(prod)
  return coroutine.create(function()
    while true do
      local ok, item = coroutine.resume(prod)
      if not item then return end
      coroutine.yield(item:upper())
    end
  end)
end
local function consume(prod)
  local got = {}
  while true do
    local ok, item = coroutine.resume(prod)
    if not item then break end
    got[#got + 1] = item
  end
  return got
end
print(table.concat(consume(filter(producer())), ","))
