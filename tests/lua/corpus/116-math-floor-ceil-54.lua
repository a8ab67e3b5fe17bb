-- golden: lua5.4
print(math.floor(-0.5), math.ceil(-0.5) == 0, math.floor(2^40 + 0.5))
print(math.floor(1e15), math.ceil(-1e15))
print(math.abs(-(1 << 40)), math.max(1, 2, 3) // 1)
print(string.format("%d", math.floor(-7 / 2)), -7 // 2)
