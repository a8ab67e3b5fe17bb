-- golden: lua5.4
print(0x1p4 == 16, 0x.8 == 0.5, 0xA.8p0 == 10.5, 0x1P-1 == 0.5)
print(string.format("%.4f %.4f", 0x1.8p1, 0xff.fp0))
print(1e2 == 100, .5e1 == 5, 5E-1 == 0.5, 3e0 == 3)
print(0x10 // 1, 0XfF // 1, 0xA | 0)
