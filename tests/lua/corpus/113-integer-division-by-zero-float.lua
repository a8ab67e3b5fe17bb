-- golden: lua5.4
print(1 // 0.0 == math.huge, -1 // 0.0 == -math.huge)
print(5.0 // 0 == math.huge)
print(-7.5 // 0.0 == -math.huge, (0.0 / 0.0) ~= (0.0 / 0.0))
