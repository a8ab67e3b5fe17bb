local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local set = {}
for _, w in ipairs({"a", "b", "a", "c", "b", "a"}) do set[w] = (set[w] or 0) + 1 end
local keys = {}
for k in pairs(set) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do write(k, "=", set[k], " ") end flush()
local function union(a, b)
  local r = {}
  for k in pairs(a) do r[k] = true end
  for k in pairs(b) do r[k] = true end
  return r
end
local function sortedkeys(t) local r = {} for k in pairs(t) do r[#r + 1] = k end table.sort(r) return r end
print(table.concat(sortedkeys(union({x = true, y = true}, {y = true, z = true})), ","))
local function intersect(a, b)
  local r = {}
  for k in pairs(a) do if b[k] then r[k] = true end end
  return r
end
print(table.concat(sortedkeys(intersect({1, 2, 3}, {[2] = 1, [3] = 1, [4] = 1})), ","))
