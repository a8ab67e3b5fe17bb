local log = {}
local function f(name, v)
  log[#log + 1] = name
  return v
end
local function g(...) return select("#", ...) end
print(g(f("a", 1), f("b", 2), f("c", 3)))
print(table.concat(log, ","))
log = {}
local t = {f("x", 1), f("y", 2), k = f("z", 3), f("w", 4)}
print(table.concat(log, ","), t[1], t[2], t[3], t.k)
log = {}
local r = f("l", 1) + f("r", 2) * f("m", 3)
print(r, table.concat(log, ","))
log = {}
local s = f("p", "a") .. f("q", "b") .. f("r", "c")
print(s, table.concat(log, ","))
log = {}
local tt = {}
tt[f("key", "k")] = f("val", "v")
print(tt.k, table.concat(log, ","))
