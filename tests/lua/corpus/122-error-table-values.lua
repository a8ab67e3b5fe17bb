local E = {}
E.__index = E
E.__tostring = function(e) return "E(" .. e.msg .. ")" end
local function throw(msg) error(setmetatable({msg = msg}, E)) end
local ok, e = pcall(throw, "bad thing")
print(ok, type(e), e.msg, tostring(e), getmetatable(e) == E)
ok, e = pcall(error, {1, 2, 3})
print(ok, #e, e[3])
ok, e = pcall(error, false)
print(ok, e)
local function rethrow()
  local ok, err = pcall(throw, "inner")
  error(err)
end
ok, e = pcall(rethrow)
print(ok, e.msg)
ok, e = pcall(function() error("str", 0) end)
print(ok, e, type(e))
