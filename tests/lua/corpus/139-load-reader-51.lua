local parts = {"return ", "1", " + ", "41"}
local i = 0
local f = load(function() i = i + 1 return parts[i] end)
print(f(), i)
local src = "local s = 0 for i = 1, 10 do s = s + i end return s"
local pos = 0
f = load(function()
  if pos >= #src then return nil end
  local chunk = src:sub(pos + 1, pos + 7)
  pos = pos + 7
  return chunk
end, "=reader")
print(f())
local k = 0
f = load(function() k = k + 1 if k == 1 then return "return 'x'" end return "" end)
print(f())
local bad, err = load(function() return nil end)
print(type(bad), err)
bad, err = load(function() k = k + 1 if k < 5 then return "return +" end end, "=broken")
print(bad, type(err))
f = load(function() return nil end, "=e")
print(f())
