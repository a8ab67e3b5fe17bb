local function track(t)
  local reads, writes = {}, {}
  local proxy = setmetatable({}, {
    __index = function(_, k) reads[#reads + 1] = k return t[k] end,
    __newindex = function(_, k, v) writes[#writes + 1] = k t[k] = v end,
  })
  return proxy, reads, writes
end
local p, r, w = track({a = 1})
local _ = p.a, p.b
p.c = 3
p.a = 10
print(p.a, p.c, table.concat(r, ","), table.concat(w, ","))
