print(string.format("%s %s %s", 1, 1.5, -0.25))
print(string.format("%s", 2^10), string.format("%s", 10 / 2), string.format("%s", 1e3))
print(string.format("%5s|%-5s|", 42, 4.5))
print(string.format("%.2s", 12345))
