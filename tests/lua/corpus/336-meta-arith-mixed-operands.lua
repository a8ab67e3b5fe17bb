local log = {}
local mt = {}
for _, ev in ipairs({"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__concat"}) do
  mt[ev] = function(x, y)
    local function d(v) return type(v) == "table" and "T" or tostring(v) end
    log[#log + 1] = ev .. "(" .. d(x) .. "," .. d(y) .. ")"
    return 0
  end
end
local t = setmetatable({}, mt)
local _ = t + 1, 1 + t, t - "2", "2" - t, t * t, 2 / t, t % 3, 3 ^ t, t .. "s", "s" .. t, 1 .. t
for _, l in ipairs(log) do print(l) end
