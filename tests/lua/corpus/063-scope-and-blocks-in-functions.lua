local function f(x)
  if x > 0 then
    local r = "positive"
    return r
  elseif x < 0 then
    local r = "negative"
    return r
  else
    return "zero"
  end
end
print(f(1), f(-1), f(0))
local function g(t)
  local result = {}
  for _, v in ipairs(t) do
    if v % 2 == 0 then
      local doubled = v * 2
      result[#result + 1] = doubled
    else
      local tripled = v * 3
      result[#result + 1] = tripled
    end
  end
  return table.concat(result, ",")
end
print(g({1, 2, 3, 4}))
local function h()
  local a = 1
  do
    local a = a + 1
    do
      local a = a + 1
      return a
    end
  end
end
print(h())
