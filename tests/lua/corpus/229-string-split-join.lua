local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i, j = s:find(sep, start, true)
    if not i then out[#out + 1] = s:sub(start) break end
    out[#out + 1] = s:sub(start, i - 1)
    start = j + 1
  end
  return out
end
local function show(t) return #t .. ":" .. table.concat(t, "|") end
print(show(split("a,b,c", ",")), show(split("a,,c", ",")), show(split("", ",")), show(split(",", ",")))
print(show(split("one::two::three", "::")), show(split("no sep", ",")))
local joined = table.concat(split("x y z", " "), "+")
print(joined)
