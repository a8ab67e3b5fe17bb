local n = 0
local vals = {1, 2, false, 4}
for i, v in ipairs(vals) do n = n + 1 end
print(n)
local function gen()
  local seq = {1, 2, false, 3}
  local i = 0
  return function()
    i = i + 1
    return seq[i]
  end
end
local got = {}
for v in gen() do got[#got + 1] = tostring(v) end
print(table.concat(got, ","))
local function one() local done = false return function() if not done then done = true return nil, "x" end end end
local cnt = 0
for a, b in one() do cnt = cnt + 1 end
print(cnt)
