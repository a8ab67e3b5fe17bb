local ok, e = pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp failed", 0) end)
print(ok, e)
ok, e = pcall(table.sort, {3, 2, 1}, function(a, b) error({"tbl"}) end)
print(ok, type(e), e[1])
local log = {}
ok = pcall(function()
  table.sort({5, 4, 3, 2, 1}, function(a, b)
    log[#log + 1] = 1
    if #log > 3 then error("stop") end
    return a < b
  end)
end)
print(ok, #log)
