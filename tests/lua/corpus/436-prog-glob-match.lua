local function glob_to_pattern(g)
  local p = g:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".")
  return "^" .. p .. "$"
end
local files = {"main.lua", "test.lua", "readme.md", "a.b.c", "lua", "x.lua.bak", "t1.lua", "t22.lua"}
for _, g in ipairs({"*.lua", "t?.lua", "*.*.*", "*", "read*", "t*.lua", "?"}) do
  local pat = glob_to_pattern(g)
  local m = {}
  for _, f in ipairs(files) do if f:match(pat) then m[#m + 1] = f end end
  print(g, pat, table.concat(m, ","))
end
