print(string.format("%.2f", math.fmod(7.5, 2)), string.format("%.2f", math.fmod(-7.5, 2)))
print(string.format("%.2f", math.fmod(7.5, -2)), math.fmod(6, 3), math.fmod(1, 3))
print(math.fmod(10, 3) == 10 % 3, math.fmod(-10, 3) == -10 % 3)
print(math.fmod(2^40 + 1, 2))
