-- golden: lua5.4
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(-12.0), math.tointeger({}))
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1))
print(string.format("%.6f", math.log(8, 2)), string.format("%.6f", math.log(100, 10)), string.format("%.6f", math.log(27, 3)))
print(string.format("%.6f %.6f", math.atan(1, 1), math.atan(-1, -1)))
print(math.floor(5.5), math.ceil(5.5), math.abs(-7), math.fmod(7, 3), math.fmod(-7, 3))
print(math.fmod(-6, 4), math.fmod(6, -4))
print(math.max(3, 7, 5), math.min(3, 7, 5))
