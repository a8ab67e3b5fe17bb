local function bsearch(t, x)
  local lo, hi = 1, #t
  local steps = 0
  while lo <= hi do
    steps = steps + 1
    local mid = math.floor((lo + hi) / 2)
    if t[mid] == x then return mid, steps
    elseif t[mid] < x then lo = mid + 1
    else hi = mid - 1 end
  end
  return nil, steps
end
local t = {}
for i = 1, 1000 do t[i] = i * 3 end
print(bsearch(t, 3), bsearch(t, 3000), bsearch(t, 1500), bsearch(t, 1501))
print(bsearch({}, 1))
local function lower_bound(t, x)
  local lo, hi = 1, #t + 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if t[mid] < x then lo = mid + 1 else hi = mid end
  end
  return lo
end
print(lower_bound({1, 3, 3, 3, 5}, 3), lower_bound({1, 3, 5}, 4), lower_bound({1, 3, 5}, 0), lower_bound({1, 3, 5}, 9))
