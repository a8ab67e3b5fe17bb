-- golden: lua5.4
local co = coroutine.wrap(function()
  local function iter(s, i)
    i = i + 1
    if i > s then return nil end
    coroutine.yield("iter " .. i)
    return i
  end
  local got = {}
  for i in iter, 3, 0 do got[#got + 1] = i end
  return table.concat(got, ",")
end)
for i = 1, 4 do print(co()) end
local co2 = coroutine.wrap(function()
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
  local s = 0
  for i = 1, 3 do s = s + t[i] end
  return s
end)
print(co2(), co2(10), co2(20), co2(30))
local co3 = coroutine.wrap(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) return a < b end)
  return table.concat(t, ",")
end)
print(co3())
