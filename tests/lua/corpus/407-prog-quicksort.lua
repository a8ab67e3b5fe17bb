local function quicksort(t, lo, hi, cmp)
  lo, hi = lo or 1, hi or #t
  cmp = cmp or function(a, b) return a < b end
  if lo >= hi then return t end
  local pivot = t[math.floor((lo + hi) / 2)]
  local i, j = lo, hi
  while i <= j do
    while cmp(t[i], pivot) do i = i + 1 end
    while cmp(pivot, t[j]) do j = j - 1 end
    if i <= j then t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 end
  end
  quicksort(t, lo, j, cmp)
  quicksort(t, i, hi, cmp)
  return t
end
print(table.concat(quicksort({3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}), " "))
print(table.concat(quicksort({"pear", "fig", "apple", "kiwi"}), " "))
print(table.concat(quicksort({5, 4, 3, 2, 1}, nil, nil, function(a, b) return a > b end), " "))
local r, x = {}, 7
for i = 1, 2000 do x = (x * 48271) % 2147483647; r[i] = x % 1000 end
quicksort(r)
local ok = true
for i = 2, #r do if r[i - 1] > r[i] then ok = false end end
print(ok, r[1], r[2000])
local function mergesort(t)
  if #t <= 1 then return t end
  local mid = math.floor(#t / 2)
  local l, rr = {}, {}
  for i = 1, mid do l[#l + 1] = t[i] end
  for i = mid + 1, #t do rr[#rr + 1] = t[i] end
  l, rr = mergesort(l), mergesort(rr)
  local out, i, j = {}, 1, 1
  while i <= #l and j <= #rr do
    if l[i] <= rr[j] then out[#out + 1] = l[i]; i = i + 1 else out[#out + 1] = rr[j]; j = j + 1 end
  end
  for k = i, #l do out[#out + 1] = l[k] end
  for k = j, #rr do out[#out + 1] = rr[k] end
  return out
end
print(table.concat(mergesort({38, 27, 43, 3, 9, 82, 10}), " "))
