local calls = {}
local t = setmetatable({present = "here"}, {__index = function(tbl, key)
  calls[#calls + 1] = tostring(key)
  if type(key) == "number" then return key * key end
  return nil
end})
print(t.present, t[4], t[10], t.absent, t[true])
print(table.concat(calls, ","))
local self_ref
local u = setmetatable({}, {__index = function(tbl, k) self_ref = tbl return k .. "!" end})
print(u.x, self_ref == u)
local memo = setmetatable({}, {__index = function(tbl, n)
  local v = n < 2 and n or tbl[n - 1] + tbl[n - 2]
  rawset(tbl, n, v)
  return v
end})
print(memo[50], rawget(memo, 30))
