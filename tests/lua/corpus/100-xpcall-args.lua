-- golden: lua5.4
local function add(a, b) return a + b end
print(xpcall(add, function(e) return "handled" end, 3, 4))
print(xpcall(function(a, b) error("bad " .. a .. b, 0) end, function(e) return "handled: " .. e end, 3, 4))
print(xpcall(function(...) return select("#", ...) end, print, nil, nil))
print(xpcall(error, function(e) return type(e) end, {}))
