local base = {}
local mid = setmetatable({}, {__newindex = base})
local top = setmetatable({}, {__newindex = mid})
top.k = "v"
print(rawget(top, "k"), rawget(mid, "k"), base.k)
local readonly_proxy = function(t)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error("attempt to modify read-only field " .. tostring(k), 2) end,
  })
end
local ro = readonly_proxy({a = 1})
print(ro.a)
local ok, e = pcall(function() ro.a = 2 end)
print(ok, e)
