-- golden: lua5.4
-- a __close metamethod may yield inside a coroutine
local function func2close(f) return setmetatable({}, {__close = f}) end
local co = coroutine.wrap(function()
  local x <close> = func2close(function(_, err) coroutine.yield("closing x", err) end)
  for i in function(_, i) if not i then return 1 end end, nil, nil,
           func2close(function() coroutine.yield("closing the loop") end) do
    local y <close> = func2close(function() coroutine.yield("closing y") end)
  end
  return "end"
end)
print(co())
print(co())
print(co())
print(co())

local co2 = coroutine.wrap(function()
  local ok, err = pcall(function()
    local z <close> = func2close(function(_, err) coroutine.yield("z sees " .. tostring(err)) end)
    error("oops", 0)
  end)
  return ok, err
end)
print(co2())
print(co2())
