-- golden: lua5.4
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(6 // 3, 0 // 5, 1 // 3, -1 // 3)
print(100 // 7, 100 % 7, (100 // 7) * 7 + 100 % 7)
print(string.format("%.1f %.1f %.1f", 7.5 // 2, -7.5 // 2, 7 // 0.5))
print(2 ^ 2 // 1 == 4, 9 // 2 * 2, 9 // (2 * 2))
print(1 + 7 // 2, (1 + 7) // 2, -7 // 2 * -1)
local a, b = 17, 5
print(a // b, a % b, a == (a // b) * b + a % b)
a, b = -17, 5
print(a // b, a % b, a == (a // b) * b + a % b)
a, b = 17, -5
print(a // b, a % b, a == (a // b) * b + a % b)
print("9" // 2, 9 // "2")
