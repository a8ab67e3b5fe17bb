-- golden: lua5.4
-- coroutine.close: pending to-be-closed variables, errors, and the error of a dead coroutine
local co = coroutine.create(error)
print(coroutine.resume(co, 100))
print(coroutine.close(co))
print(coroutine.close(co))

local log = {}
co = coroutine.create(function()
  local y <close> = setmetatable({}, {__close = function(_, err)
    log[#log + 1] = "y:" .. tostring(err)
    error(200, 0)
  end})
  local x <close> = setmetatable({}, {__close = function(_, err)
    log[#log + 1] = "x:" .. tostring(err)
    error(111, 0)
  end})
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))
print(coroutine.status(co), table.concat(log, " "))
print(coroutine.close(co))

-- closing from its own __close: the coroutine is running there
co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function()
    local ok, msg = pcall(coroutine.close, co)
    print("inner", ok, (string.gsub(msg, "^.-:%d+: ", "")))
  end})
  coroutine.yield(20)
end)
print(coroutine.resume(co))
print(coroutine.close(co))

-- isyieldable takes an optional coroutine
print(coroutine.isyieldable(), coroutine.isyieldable(coroutine.create(print)))
print(coroutine.wrap(function() return coroutine.isyieldable() end)())
print(pcall(coroutine.close, coroutine.running()))
