local log = {}
local t = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get " .. k return "via index" end,
  __newindex = function(_, k) log[#log + 1] = "set " .. k end,
})
rawset(t, "a", 1)
print(rawget(t, "a"), rawget(t, "b"), t.a, t.b)
t.c = 3
print(rawget(t, "c"), #log, table.concat(log, ";"))
