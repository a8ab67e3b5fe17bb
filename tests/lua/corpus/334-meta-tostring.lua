local P = {}
P.__index = P
P.__tostring = function(p) return "Point(" .. p.x .. ", " .. p.y .. ")" end
local function point(x, y) return setmetatable({x = x, y = y}, P) end
local p = point(1, 2)
print(p)
print(tostring(p), tostring(point(-3, 4.5)))
print("concat: " .. tostring(p))
local list = {point(1, 1), point(2, 2)}
local strs = {}
for i, v in ipairs(list) do strs[i] = tostring(v) end
print(table.concat(strs, "; "))
print(string.format("%s", tostring(p)))
local t = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, t))
