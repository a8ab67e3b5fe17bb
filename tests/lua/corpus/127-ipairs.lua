local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i, v in ipairs({"a", "b", "c"}) do print(i, v) end
for i, v in ipairs({}) do print("never") end
for i, v in ipairs({1, 2, nil, 4}) do write(i, "=", v, " ") end flush()
for i, v in ipairs({[1] = "x", [2] = "y", [4] = "z"}) do write(i, v, " ") end flush()
for i, v in ipairs({n = 1, 10, 20}) do write(i, ":", v, " ") end flush()
local f, s, init = ipairs({})
print(type(f), type(s), init)
local t = {"p", "q"}
local it, st, c = ipairs(t)
print(it(st, c))
print(it(st, 1))
print(it(st, 2) == nil)
print((pcall(function() return ipairs() end)))
local cnt = 0
local grow = {1, 2, 3}
for i, v in ipairs(grow) do
  cnt = cnt + 1
  if i == 3 and #grow < 6 then grow[#grow + 1] = v + 1 end
end
print(cnt)
