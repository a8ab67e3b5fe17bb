local function sign(x) return x > 0 and 1 or (x < 0 and -1 or 0) end
print(sign(5), sign(-3), sign(0), sign(-0.001))
print(math.abs(-7.5), math.abs(7.5), math.abs(-2^31), math.abs(math.huge) == math.huge)
print(math.max(-1, -2, -3), math.min(1, 2, 3), math.max(5), math.min(5))
