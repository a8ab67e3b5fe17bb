-- golden: lua5.4
local order = {}
local function res(name)
  return setmetatable({}, {__close = function() order[#order + 1] = name end})
end
local function f()
  local a <close> = res("a")
  do
    local b <close> = res("b")
    local c <close> = res("c")
  end
  local d <close> = res("d")
  return "r"
end
print(f(), table.concat(order, ","))
order = {}
local co = coroutine.wrap(function()
  local x <close> = res("x")
  coroutine.yield(1)
  return 2
end)
print(co(), table.concat(order, ","))
print(co(), table.concat(order, ","))
