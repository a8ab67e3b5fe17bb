local function add(a, b)
  local res, carry = {}, 0
  local i, j = #a, #b
  while i > 0 or j > 0 or carry > 0 do
    local d = carry + (i > 0 and a:byte(i) - 48 or 0) + (j > 0 and b:byte(j) - 48 or 0)
    res[#res + 1] = d % 10
    carry = math.floor(d / 10)
    i, j = i - 1, j - 1
  end
  return table.concat(res):reverse()
end
local function mul_small(a, m)
  local res, carry = {}, 0
  for i = #a, 1, -1 do
    local d = (a:byte(i) - 48) * m + carry
    res[#res + 1] = d % 10
    carry = math.floor(d / 10)
  end
  while carry > 0 do res[#res + 1] = carry % 10; carry = math.floor(carry / 10) end
  local s = table.concat(res):reverse():gsub("^0+", "")
  return s == "" and "0" or s
end
local f = "1"
for i = 2, 50 do f = mul_small(f, i) end
print("50! =", f)
local a, b = "0", "1"
for i = 1, 200 do a, b = b, add(a, b) end
print("fib(200) =", a)
print(add("999999999999999999999", "1"), mul_small("123456789", 0))
local p = "1"
for i = 1, 100 do p = mul_small(p, 2) end
print("2^100 =", p)
