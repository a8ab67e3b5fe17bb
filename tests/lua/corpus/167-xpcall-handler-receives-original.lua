local got
local ok, r = xpcall(function() error({id = 7}) end, function(e) got = e return "mapped" end)
print(ok, r, type(got), got.id)
local ok2, r2 = xpcall(function() local t = nil; return t.x end, function(e) return type(e) end)
print(ok2, r2)
local ok3, r3 = xpcall(function() error("msg", 0) end, function(e) return #e end)
print(ok3, r3)
