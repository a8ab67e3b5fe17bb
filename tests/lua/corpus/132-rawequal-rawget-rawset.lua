local mt = {
  __index = function(t, k) return "default" end,
  __newindex = function(t, k, v) rawset(t, k, "wrapped:" .. tostring(v)) end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
print(t.missing, rawget(t, "missing"))
t.a = 1
print(t.a, rawget(t, "a"))
rawset(t, "b", 2)
print(t.b)
print(rawset(t, "c", 3) == t, t.c)
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawequal(1, 1), rawequal("x", "x"), rawequal(1, "1"), rawequal(nil, false))
print(rawget({10, 20}, 2), rawget({}, "x"))
print(pcall(function() return rawget("str", 1) end))
print(pcall(rawset, {}, nil, 1))
local arr = {}
rawset(arr, 1, "one")
rawset(arr, 2, "two")
print(#arr, arr[2])
