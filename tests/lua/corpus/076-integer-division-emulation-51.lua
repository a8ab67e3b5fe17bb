local function idiv(a, b) return math.floor(a / b) end
print(idiv(7, 2), idiv(-7, 2), idiv(7, -2), idiv(-7, -2))
print(7 % 2, -7 % 2, 7 % -2, -7 % -2)
for _, p in ipairs({{10, 3}, {-10, 3}, {10, -3}, {0, 7}}) do
  local a, b = p[1], p[2]
  print(a, b, idiv(a, b), a % b, idiv(a, b) * b + a % b == a)
end
