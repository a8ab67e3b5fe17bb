local defaults = {color = "red", size = 10}
local obj = setmetatable({size = 20}, {__index = defaults})
print(obj.color, obj.size, obj.missing, rawget(obj, "color"))
defaults.missing = "now present"
print(obj.missing)
obj.color = "blue"
print(obj.color, defaults.color)
obj.color = nil
print(obj.color)
local arr = setmetatable({}, {__index = {10, 20, 30}})
print(arr[1], arr[3], arr[4], #arr)
