-- golden: lua5.4
local function find_pair(list, target)
  for i = 1, #list do
    for j = i + 1, #list do
      if list[i] + list[j] == target then
        return i, j
      end
    end
  end
  return nil
end
print(find_pair({1, 4, 6, 9}, 10))
local function process(items)
  local out = {}
  for _, item in ipairs(items) do
    if type(item) ~= "number" then goto skip end
    if item < 0 then goto skip end
    out[#out + 1] = item
    ::skip::
  end
  return table.concat(out, ",")
end
print(process({1, "a", -2, 3, {}, 4}))
local n = 0
do
  ::top::
  n = n + 1
  if n < 10 then goto top end
end
print(n)
