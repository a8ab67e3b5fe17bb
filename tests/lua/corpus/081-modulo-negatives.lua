-- golden: lua5.4
for _, p in ipairs({{7, 3}, {-7, 3}, {7, -3}, {-7, -3}, {0, 3}, {3, 7}, {-3, 7}}) do
  print(p[1], p[2], p[1] % p[2], p[1] // p[2])
end
print(string.format("%.2f %.2f", 5.5 % 2, -5.5 % 2))
print(string.format("%.2f %.2f", 5.5 % -2, -5.5 % -2))
