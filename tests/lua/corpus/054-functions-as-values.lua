local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local fns = {print = print, up = string.upper}
print(fns.up("x"), fns.print == print)
local f1 = function() end
local f2 = function() end
print(f1 == f1, f1 == f2, type(f1))
local function make() return function() end end
print(make() == make())
local same = make
print(same == make)
local set = {}
set[f1] = "first"
set[f2] = "second"
print(set[f1], set[f2])
local ops = {
  ["+"] = function(a, b) return a + b end,
  ["-"] = function(a, b) return a - b end,
  ["*"] = function(a, b) return a * b end,
}
local syms = {}
for k in pairs(ops) do syms[#syms + 1] = k end
table.sort(syms)
for _, s in ipairs(syms) do write(s, "=", ops[s](6, 3), " ") end
flush()
