local items = {{"Widget", 4, 3.5}, {"Gadget", 12, 10}, {"Thingamajig", 1, 199.99}}
print(string.format("%-12s|%5s|%10s", "Item", "Qty", "Price"))
print(string.rep("-", 12) .. "+" .. string.rep("-", 5) .. "+" .. string.rep("-", 10))
local total = 0
for _, it in ipairs(items) do
  print(string.format("%-12s|%5d|%10.2f", it[1], it[2], it[3]))
  total = total + it[2] * it[3]
end
print(string.format("%-12s|%5s|%10.2f", "TOTAL", "", total))
print(string.format("[%6.2f] [%-8.3f] [%+.1e]", math.pi, -math.pi, 12345.678))
print(string.format("[%x] [%X] [%#o] [%5.1s]", 48879, 48879, 64, "xyz"))
