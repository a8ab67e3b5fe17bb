local function approx(a, b) return math.abs(a - b) < 1e-12 end
local ok = true
for deg = 0, 360, 15 do
  local r = math.rad(deg)
  if not approx(math.sin(r) ^ 2 + math.cos(r) ^ 2, 1) then ok = false end
end
print(ok)
print(approx(math.tan(math.pi / 4), 1), approx(math.asin(math.sin(0.5)), 0.5), approx(math.acos(math.cos(0.5)), 0.5))
print(string.format("%.4f %.4f", math.atan(1) * 4, math.deg(math.atan(1))))
