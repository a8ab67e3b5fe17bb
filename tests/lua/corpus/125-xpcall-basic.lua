local function handler(e) return "H[" .. tostring(e) .. "]" end
print(xpcall(function() return "ok", 2 end, handler))
print(xpcall(function() error("bad", 0) end, handler))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(function() error("x") end, function(e) return (e:gsub("^[^:]*:%d+: ", "")) end))
local calls = 0
print(xpcall(function() error("once", 0) end, function(e) calls = calls + 1 return e .. "!" end), calls)
print(xpcall(function() local t = nil; return t.x end, function(e) return "caught" end))
print(xpcall(function() return nil end, handler))
local ok, a, b = xpcall(function() error("z", 0) end, function(e) return e, "second" end)
print(ok, a, b)
