local inventory = {
  {sku = "A100", name = "bolt", qty = 250, price = 0.05},
  {sku = "B200", name = "nut", qty = 500, price = 0.03},
  {sku = "C300", name = "washer", qty = 0, price = 0.02},
  {sku = "D400", name = "bracket", qty = 12, price = 2.5},
  {sku = "E500", name = "hinge", qty = 40, price = 1.75},
}
table.sort(inventory, function(a, b)
  local va, vb = a.qty * a.price, b.qty * b.price
  if va ~= vb then return va > vb end
  return a.sku < b.sku
end)
local total = 0
for _, it in ipairs(inventory) do
  local value = it.qty * it.price
  total = total + value
  print(string.format("%-5s %-8s %4d x %5.2f = %7.2f%s", it.sku, it.name, it.qty, it.price, value, it.qty == 0 and "  OUT" or ""))
end
print(string.format("%31s %7.2f", "total", total))
local low = {}
for _, it in ipairs(inventory) do if it.qty < 50 then low[#low + 1] = it.name end end
table.sort(low)
print("restock: " .. table.concat(low, ", "))
