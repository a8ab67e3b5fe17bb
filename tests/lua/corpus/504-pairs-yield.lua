-- golden: lua5.4
-- a __pairs metamethod may yield when pairs runs inside a coroutine
local t = setmetatable({10, 20, 30}, {__pairs = function (t)
  local inc = coroutine.yield("in __pairs")
  return function (t, i)
    if i > 1 then return i - inc, t[i - inc] end
  end, t, #t + 1
end})
local res = {}
local co = coroutine.wrap(function ()
  for i, p in pairs(t) do res[#res + 1] = p end
  return "done"
end)
print(co())
print(co(1))
print(table.concat(res, ","))
