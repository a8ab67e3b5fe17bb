-- golden: lua5.4
-- a metamethod that is not callable is named in the error
local function try(s)
  local f = assert(load(s, "=try"))
  local ok, msg = pcall(f)
  print(ok, msg)
end
try("local a = setmetatable({}, {__add = 34}); a = a + 1")
try("local a = setmetatable({}, {__lt = {}}); return a < a")
try("local a = setmetatable({}, {__le = true}); return a <= a")
try("local a = setmetatable({}, {__concat = 1}); return a .. 'x'")
try("local a = setmetatable({}, {__len = 'x'}); return #a")
try("local a = setmetatable({}, {__unm = 5}); return -a")
