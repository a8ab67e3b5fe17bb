local function e(v) return function() error(v) end end
local vals = {"str", true, false, {k = "v"}, print}
for i, v in ipairs(vals) do
  local ok, got = pcall(e(v))
  local same = got == v or (type(v) == "string" and type(got) == "string" and got:find(v, 1, true) ~= nil)
  print(i, ok, type(got), same)
end
local ok, got = pcall(e(nil))
print(ok, got)
