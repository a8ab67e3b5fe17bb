-- golden: lua5.4
local function handler(e)
  if type(e) == "table" then return "table:" .. tostring(e.code) end
  return "other:" .. tostring(e)
end
print(xpcall(function() error({code = 404}) end, handler))
print(xpcall(function() error(42) end, handler))
print(xpcall(function() error(nil) end, handler))
print(xpcall(function() error("s", 0) end, handler))
print(xpcall(function(a, b) return a .. b end, handler, "x", "y"))
