print(math.max(1, 2, 3), math.max(3, 2, 1), math.max(-1), math.max(2.5, 2))
print(math.min(1, 2, 3), math.min(3, 2, 1), math.min(-1), math.min(2.5, 2))
print(math.max(-5, -10), math.min(-5, -10), math.max(0, -0) == 0)
print((pcall(function() return math.max() end)))
print((pcall(function() return math.min() end)))
local t = {4, 8, 15, 16, 23, 42}
print(math.max(unpack(t)), math.min(unpack(t)))
print(math.max(1, math.huge) == math.huge, math.min(1, -math.huge) == -math.huge)
