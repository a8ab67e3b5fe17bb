-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local mt = {
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __len = function(a) return coroutine.yield("len") end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k) rawset(t, k, v) end,
}
local obj = setmetatable({}, mt)
local obj2 = setmetatable({}, mt)
local co = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = obj.foo
  r[#r + 1] = obj + 1
  r[#r + 1] = obj("x")
  r[#r + 1] = tostring(obj == obj2)
  r[#r + 1] = tostring(obj < obj2)
  r[#r + 1] = obj .. "s"
  r[#r + 1] = #obj
  obj.bar = "set"
  r[#r + 1] = rawget(obj, "bar")
  return table.concat(r, ",")
end)
local v = co()
local n = 0
while true do
  n = n + 1
  if n > 20 then break end
  write("[", tostring(v), "] ")
  local ok, nv = pcall(co, "R" .. n)
  if not ok then print("err", nv) break end
  v = nv
  if v:find(",") then break end
end
flush()
print(v)
