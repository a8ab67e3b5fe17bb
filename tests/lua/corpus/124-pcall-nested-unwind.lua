local log = {}
local function a() log[#log + 1] = "a"; error("from a", 0) end
local function b() log[#log + 1] = "b"; a(); log[#log + 1] = "not reached" end
local function c()
  log[#log + 1] = "c"
  local ok, e = pcall(b)
  log[#log + 1] = "c caught " .. e
  return "c done"
end
print(pcall(c))
print(table.concat(log, "; "))
local depth = 0
local function recurse(n)
  depth = depth + 1
  if n == 0 then error("bottom", 0) end
  return recurse(n - 1)
end
print(pcall(recurse, 50), depth)
local results = {}
for i = 1, 5 do
  local ok, v = pcall(function() if i % 2 == 0 then error(i, 0) end return i * 10 end)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(v)
end
print(table.concat(results, " "))
