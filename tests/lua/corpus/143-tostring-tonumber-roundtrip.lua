local vals = {0, 1, -1, 42, 1000000, 0.5, 0.25, -2.75, 123.125, 1e-3, 2^31, -2^31}
for _, v in ipairs(vals) do
  local s = tostring(v)
  print(s, tonumber(s) == v)
end
for _, s in ipairs({"0", "007", "1.50", "0x0A", "1e3", "-0.0"}) do
  print(s, tonumber(s))
end
