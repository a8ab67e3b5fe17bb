-- golden: lua5.4
local s = "naïve café"
print(#s, utf8.len(s), s:upper())
local function usub(str, i, j)
  local a = utf8.offset(str, i)
  local b = utf8.offset(str, j + 1)
  return str:sub(a, b and b - 1 or -1)
end
print(usub(s, 1, 5), usub(s, 7, 10), usub(s, 3, 3))
local function ureverse(str)
  local t = {}
  for _, c in utf8.codes(str) do table.insert(t, 1, utf8.char(c)) end
  return table.concat(t)
end
print(ureverse(s))
print(("€"):byte(1, -1))
