local s = "aaa bbb ccc"
local pos = 1
local words = {}
while true do
  local st, en, w = s:find("(%a+)", pos)
  if not st then break end
  words[#words + 1] = w .. "@" .. st .. "-" .. en
  pos = en + 1
end
print(table.concat(words, " "))
print(s:find("b+", 5), s:find("b+", 6), s:find("b+", 8))
print(("x=1,y=2"):find("(%a)=(%d)", 2))
print(("test"):find("t", 2), ("test"):find("t", -1), ("test"):find("^t", 2))
