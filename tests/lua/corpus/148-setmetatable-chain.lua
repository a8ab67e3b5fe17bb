local base = {hello = function() return "hello from base" end, kind = "base"}
local mid = setmetatable({kind = "mid"}, {__index = base})
local leaf = setmetatable({}, {__index = mid})
print(leaf.hello(), leaf.kind, rawget(leaf, "kind"))
print(getmetatable(leaf).__index == mid)
mid.kind = nil
print(leaf.kind)
base.kind = nil
print(leaf.kind)
local deep = {v = "bottom"}
for i = 1, 50 do deep = setmetatable({}, {__index = deep}) end
print(deep.v)
