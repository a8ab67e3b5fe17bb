local function approx(a, b) return math.abs(a - b) < 1e-9 end
print(approx(math.exp(math.log(5)), 5), approx(math.log(math.exp(3)), 3))
print(approx(math.log(8) / math.log(2), 3), approx(2 ^ 10, 1024))
print(string.format("%.5f %.5f %.5f", math.exp(2), math.log(2), math.log(0.5)))
print(math.exp(0), math.log(1), math.exp(-math.huge) == 0)
