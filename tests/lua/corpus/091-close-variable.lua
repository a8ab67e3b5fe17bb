-- golden: lua5.4
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(self, err)
    log[#log + 1] = name .. (err and (":" .. tostring(err):match("[^:]*$")) or "")
  end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  log[#log + 1] = "body"
end
print(table.concat(log, " "))
log = {}
local function f()
  local c <close> = closer("c")
  return "ret"
end
print(f(), table.concat(log, " "))
log = {}
print(pcall(function()
  local d <close> = closer("d")
  error("boom", 0)
end))
print(table.concat(log, " "))
log = {}
for i = 1, 2 do
  local e <close> = closer("e" .. i)
end
print(table.concat(log, " "))
local nothing <close> = nil
print("nil ok")
