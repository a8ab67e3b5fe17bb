local cache = {[1] = 1}
local function collatz_len(n)
  local c = cache[n]
  if c then return c end
  local nxt = n % 2 == 0 and n / 2 or 3 * n + 1
  c = 1 + collatz_len(nxt)
  cache[n] = c
  return c
end
local best, best_n = 0, 0
for n = 1, 30000 do
  local l = collatz_len(n)
  if l > best then best, best_n = l, n end
end
print(best_n, best)
print(collatz_len(27), collatz_len(97), collatz_len(871))
