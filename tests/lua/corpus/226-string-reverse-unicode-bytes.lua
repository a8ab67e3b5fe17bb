local s = "héllo"
local r = s:reverse()
print(#r, r:byte(1), r:byte(-1), r:reverse() == s)
print(("12345"):reverse(), ("a"):reverse(), (""):reverse() == "")
