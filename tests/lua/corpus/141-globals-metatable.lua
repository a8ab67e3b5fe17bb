local seen = {}
setmetatable(_G, {
  __index = function(_, k) return "auto_" .. k end,
  __newindex = function(t, k, v) seen[#seen + 1] = k; rawset(t, k, v) end,
})
print(undefined_a, undefined_b)
newglobal = 5
print(newglobal, seen[1])
newglobal = 6
print(newglobal, #seen)
setmetatable(_G, nil)
print(undefined_c)
