local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, math.floor(math.sqrt(n)) do
    if is[i] then
      for j = i * i, n, i do is[j] = false end
    end
  end
  local primes = {}
  for i = 2, n do if is[i] then primes[#primes + 1] = i end end
  return primes
end
local p = sieve(100)
print(#p, table.concat(p, " "))
local big = sieve(100000)
print(#big, big[#big])
local function is_prime(n)
  if n < 2 then return false end
  for i = 2, math.floor(math.sqrt(n)) do if n % i == 0 then return false end end
  return true
end
local c = 0
for i = 1, 1000 do if is_prime(i) then c = c + 1 end end
print(c)
