local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
local function lcm(a, b) return a / gcd(a, b) * b end
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(100, 75))
print(lcm(4, 6), lcm(21, 6))
local function factor(n)
  local f = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do f[#f + 1] = d; n = n / d end
    d = d + 1
  end
  if n > 1 then f[#f + 1] = n end
  return table.concat(f, "*")
end
for _, n in ipairs({2, 12, 97, 360, 1001, 65536, 999983, 123456789}) do print(n, factor(n)) end
local function digits_sum(n) local s = 0 while n > 0 do s = s + n % 10; n = math.floor(n / 10) end return s end
print(digits_sum(123456789), digits_sum(2 ^ 40))
