local big = 2^53
print(big == big + 1, big - 1 == big - 2)
print(2^31 * 2^20 == 2^51, (2^32 + 1) % 2, 2^40 % 1000)
print(123456789 * 1000, 99999 * 99999)
print(1e9 * 1e4 == 1e13, 12345678901234 + 1)
print(math.floor(10 / 3), 10 % 3, -10 % 3, math.floor(-10 / 3))
print(1 / 3 * 3 == 1, 0.1 * 3 == 0.3, 0.5 * 4 == 2)
local s = 0
for i = 1, 100 do s = s + 0.01 end
print(s == 1, math.abs(s - 1) < 1e-12, string.format("%.2f", s))
