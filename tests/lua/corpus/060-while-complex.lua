local i, j = 0, 10
while i < j and i ~= 5 do i = i + 1; j = j - 1 end
print(i, j)
local t = {3, 1, 4, 1, 5, 9, 2, 6}
local k = 1
while k <= #t and t[k] ~= 9 do k = k + 1 end
print(k)
local n, bits = 37, {}
while n > 0 do bits[#bits + 1] = n % 2; n = math.floor(n / 2) end
print(table.concat(bits):reverse())
local fib = {1, 1}
while fib[#fib] < 1000 do fib[#fib + 1] = fib[#fib] + fib[#fib - 1] end
print(#fib, fib[#fib])
