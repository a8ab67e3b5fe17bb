local function chars(s)
  local i = 0
  return function()
    i = i + 1
    if i <= #s then return i, s:sub(i, i) end
  end
end
for i, c in chars("abc") do print(i, c) end
local function fibs(n)
  local a, b, k = 0, 1, 0
  return function()
    k = k + 1
    if k > n then return nil end
    a, b = b, a + b
    return a
  end
end
local out = {}
for f in fibs(10) do out[#out + 1] = f end
print(table.concat(out, " "))
local function multi()
  local i = 0
  return function() i = i + 1; if i <= 2 then return i, i * 2, i * 3 end end
end
for a, b, c, d in multi() do print(a, b, c, d) end
