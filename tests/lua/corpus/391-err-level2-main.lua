local function check(v) if not v then error("check failed", 2) end end
local ok, e = pcall(function()
  check(true)
  check(false)
end)
print(ok, e)
local function wrapper(v)
  check(v)
end
print(pcall(wrapper, false))
