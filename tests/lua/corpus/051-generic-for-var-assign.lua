local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local t = {"a", "b", "c"}
local seen = {}
for i, v in ipairs(t) do
  seen[#seen + 1] = i .. v
  i = i + 10
  v = "changed"
end
print(table.concat(seen, " "))
local out = {}
for k, v in pairs({x = 1}) do
  k = "other"
  out[#out + 1] = k .. v
end
print(out[1])
for i = 1, 3 do
  local j = i
  i = 100
  write(j, ":", i, " ")
end
flush()
