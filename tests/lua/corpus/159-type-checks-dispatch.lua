local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function describe(v)
  local t = type(v)
  if t == "table" then
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    return "table[" .. n .. "]"
  elseif t == "function" then return "function"
  elseif t == "string" then return "string(" .. #v .. ")"
  elseif t == "number" then return "number(" .. v .. ")"
  end
  return t
end
local things = {1, "abc", {1, 2, x = 3}, print, true, coroutine.create(function() end)}
for i = 1, #things do write(describe(things[i]), " ") end
write(describe(nil)) flush()
