-- Table-heavy loops: array fill, sum, in-place update t[i] = t[i] + x,
-- and a hash table with string keys (insert, lookup, update, miss).
local N = 1000000
local NK = 100000

-- keys are built before the timed section so that string creation is not measured here
local keys = {}
for i = 1, NK do keys[i] = "key_" .. i end

local t0 = os.clock()

-- array part
local t = {}
for i = 1, N do t[i] = i % 1000 end
local sum = 0
for pass = 1, 10 do
  for i = 1, N do t[i] = t[i] + pass end
  for i = 1, N do sum = sum + t[i] end
  sum = sum % 1000000007
end
-- array grown with #t + 1 appends, then read back
local u = {}
for i = 1, N do u[#u + 1] = i end
for i = 1, N, 3 do sum = sum + u[i] end
sum = sum % 1000000007

-- hash part, string keys
local h = {}
for i = 1, NK do h[keys[i]] = i end
local hs = 0
for pass = 1, 15 do
  for i = 1, NK do
    local k = keys[i]
    h[k] = h[k] + 1
    hs = hs + h[k]
  end
  if h["missing_" .. pass] == nil then hs = hs + 1 end
end
for i = 1, NK, 2 do h[keys[i]] = nil end
local cnt = 0
for k, v in pairs(h) do cnt = cnt + 1 end

local elapsed = os.clock() - t0

print(string.format("checksum %.0f %.0f %d", sum, hs % 1000000007, cnt))
print(string.format("time %.6f", elapsed))
