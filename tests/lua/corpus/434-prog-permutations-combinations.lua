local function permutations(list)
  local out = {}
  local function rec(prefix, rest)
    if #rest == 0 then out[#out + 1] = table.concat(prefix) return end
    for i = 1, #rest do
      local np = {unpack(prefix)}
      np[#np + 1] = rest[i]
      local nr = {}
      for j = 1, #rest do if j ~= i then nr[#nr + 1] = rest[j] end end
      rec(np, nr)
    end
  end
  rec({}, list)
  return out
end
print(table.concat(permutations({"a", "b", "c"}), " "))
print(#permutations({1, 2, 3, 4, 5}))
local function combinations(list, k)
  local out = {}
  local function rec(start, combo)
    if #combo == k then out[#out + 1] = table.concat(combo, "") return end
    for i = start, #list do
      combo[#combo + 1] = list[i]
      rec(i + 1, combo)
      combo[#combo] = nil
    end
  end
  rec(1, {})
  return out
end
print(table.concat(combinations({"a", "b", "c", "d"}, 2), " "))
print(#combinations({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3))
local function powerset(list)
  local out = {{}}
  for _, v in ipairs(list) do
    local n = #out
    for i = 1, n do
      local s = {unpack(out[i])}
      s[#s + 1] = v
      out[#out + 1] = s
    end
  end
  return out
end
local ps = powerset({"x", "y", "z"})
local strs = {}
for i, s in ipairs(ps) do strs[i] = "{" .. table.concat(s) .. "}" end
print(#ps, table.concat(strs, " "))
