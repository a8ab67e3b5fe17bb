local log = {}
local store = {}
local proxy = setmetatable({}, {
  __index = store,
  __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); store[k] = v end,
})
proxy.a = 1
proxy.b = 2
proxy.a = 3
print(proxy.a, proxy.b, rawget(proxy, "a"), table.concat(log, " "))
local target = {}
local redirect = setmetatable({}, {__newindex = target})
redirect.x = "to target"
print(rawget(redirect, "x"), target.x)
local existing = setmetatable({k = "old"}, {__newindex = function() error("should not be called") end})
existing.k = "new"
print(existing.k)
local ro = setmetatable({}, {__newindex = function(t, k) error("read-only: " .. k, 2) end})
print(pcall(function() ro.field = 1 end))
local chain_target = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v .. "!") end})
local chain = setmetatable({}, {__newindex = chain_target})
chain.z = "val"
print(rawget(chain, "z"), rawget(chain_target, "z"))
