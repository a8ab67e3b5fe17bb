-- golden: lua5.4
-- table.move checks its bounds exactly (no copying of 2^63 elements)
local maxI, minI = math.maxinteger, math.mininteger
local function check(...)
  local ok, msg = pcall(table.move, ...)
  print(ok, msg and (string.find(msg, "too many") and "too many" or string.find(msg, "wrap around") and "wrap around" or msg))
end
check({}, 0, maxI, 1)
check({}, minI, -1, 1)
check({}, minI, maxI, 1)
check({}, 1, maxI, 2)
check({}, 1, 2, maxI)
check({}, minI, -2, 2)
local t = table.move({10, 20, 30}, 1, 3, 2)
print(#t, t[1], t[2], t[3], t[4])
