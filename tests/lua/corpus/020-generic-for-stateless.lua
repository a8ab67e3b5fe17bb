local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function iter(t, i)
  i = i + 1
  local v = t[i]
  if v ~= nil then return i, v end
end
local function myipairs(t) return iter, t, 0 end
for i, v in myipairs({"a", "b", "c"}) do print(i, v) end
local function range(n)
  return function(_, i) if i < n then return i + 1 end end, nil, 0
end
for i in range(4) do write(i, ";") end flush()
local function evens(max)
  return function(m, c) c = c + 2; if c <= m then return c end end, max, 0
end
for e in evens(9) do write(e, " ") end flush()
for k, v in next, {"only"} do print(k, v) end
