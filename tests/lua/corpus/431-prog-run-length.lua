local function rle(s)
  local out = {}
  local i = 1
  while i <= #s do
    local c = s:sub(i, i)
    local j = i
    while s:sub(j + 1, j + 1) == c do j = j + 1 end
    local n = j - i + 1
    out[#out + 1] = (n > 1 and n or "") .. c
    i = j + 1
  end
  return table.concat(out)
end
local function unrle(s)
  return (s:gsub("(%d*)(%D)", function(n, c) return c:rep(n == "" and 1 or tonumber(n)) end))
end
for _, s in ipairs({"", "a", "aaabccdddd", "abc", "wwwwwwwwwwwwbbbx", "zzzzzzzzzzzzzzzzzzzzzz"}) do
  local e = rle(s)
  print(s, e, unrle(e) == s)
end
