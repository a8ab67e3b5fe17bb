local function validate(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
  return x
end
local function user_code()
  local v = validate("oops")
  return v
end
print(pcall(user_code))
local function api(x) if not x then error("api misuse", 3) end end
local function middle() api(nil) end
local function top()
  middle()
end
print(pcall(top))
