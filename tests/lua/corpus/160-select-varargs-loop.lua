local function rev(...)
  local n = select("#", ...)
  local out = {}
  for i = n, 1, -1 do out[#out + 1] = tostring((select(i, ...))) end
  return table.concat(out, ",")
end
print(rev(1, 2, 3), rev(), rev(nil, "x"))
local function last(...) local n = select("#", ...) if n > 0 then return (select(n, ...)) end end
print(last(1, 2, 3), last(), last(nil))
local function drop(n, ...) return select(n + 1, ...) end
print(drop(2, "a", "b", "c", "d"))
