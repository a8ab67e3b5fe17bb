local function a() coroutine.yield("from a") return "a done" end
local function b() local r = a() coroutine.yield("from b after " .. r) return "b done" end
local co = coroutine.create(function() local r = b() coroutine.yield("top after " .. r) return "all done" end)
for i = 1, 5 do print(coroutine.resume(co)) end
