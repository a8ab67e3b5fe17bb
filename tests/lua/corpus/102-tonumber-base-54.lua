-- golden: lua5.4
print(tonumber("-ff", 16), tonumber("-101", 2), tonumber("-z", 36))
print(tonumber(" ff ", 16), tonumber("FF", 16), tonumber("1f", 15))
print(pcall(tonumber, 10, 16))
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(tonumber("7fffffff", 16), tonumber("100000000", 16))
