local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local people = {
  {name = "Ann", age = 31}, {name = "Bob", age = 25}, {name = "Cid", age = 35},
  {name = "Dee", age = 28}, {name = "Eve", age = 22},
}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do write(p.name, ":", p.age, " ") end flush()
table.sort(people, function(a, b) return a.name > b.name end)
for _, p in ipairs(people) do write(p.name, " ") end flush()
local data = {}
for i = 1, 200 do data[i] = (i * 7919) % 1000 end
table.sort(data)
local ok = true
for i = 2, #data do if data[i - 1] > data[i] then ok = false end end
print(ok, data[1], data[200])
local words = {"b", "B", "a", "A", "c"}
table.sort(words, function(x, y) return x:lower() < y:lower() or (x:lower() == y:lower() and x < y) end)
print(table.concat(words))
