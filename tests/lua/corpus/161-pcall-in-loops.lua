local errors, results = 0, 0
for i = 1, 1000 do
  local ok = pcall(function()
    if i % 7 == 0 then error("multiple of 7") end
    return i
  end)
  if ok then results = results + 1 else errors = errors + 1 end
end
print(errors, results)
local function risky(n)
  if n > 3 then error({level = n}) end
  return n
end
local log = {}
for n = 1, 5 do
  local ok, v = pcall(risky, n)
  log[#log + 1] = ok and tostring(v) or ("E" .. v.level)
end
print(table.concat(log, " "))
