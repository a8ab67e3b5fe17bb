-- golden: lua5.4
-- an error inside a message handler is handled by the handler again
print(xpcall(error, function(m) error("x") end, "a"))
local n = 0
print(xpcall(error, function(m)
  n = n + 1
  if n < 3 then error("again " .. n, 0) end
  return "handled: " .. m
end, "a"))
print(n)
print(xpcall(error, function(m) local t = nil; return t.x end, "a"))
print(xpcall(error, function(m) return m .. "!" end, "a", 0))
-- a handler that overflows the stack
local function loop() return 1 + loop() end
print(xpcall(loop, loop))
