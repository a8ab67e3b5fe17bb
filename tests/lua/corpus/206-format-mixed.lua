local rows = {{"apple", 3, 1.25}, {"kiwi", 12, 0.5}, {"watermelon", 1, 3.75}}
for _, r in ipairs(rows) do
  print(string.format("%-12s%4d%8.2f", r[1], r[2], r[3]))
end
print(string.format("%s=%d (%x) [%5.1f%%]", "val", 255, 255, 99.5))
print(string.format("%3d|%-3d|%03d", 5, 5, 5))
print(string.format("%.3s|%.0s|%s", "abcdef", "gone", ""))
print(string.format("%-+6d|%+-6d|", 5, -5))
print(string.format("%x %X %o", 3735928559, 3735928559, 511))
print(string.format("[%8.3e]", 1234.5), string.format("[%-12.4g]", 0.000012345))
print(string.format("%.2f%%", 12.345), string.format("%5.0f|", 0.5), string.format("%5.0f|", 1.5))
