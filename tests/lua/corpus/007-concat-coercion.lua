print("a" .. "b", "a" .. 1, 1 .. "a", 1 .. 2, 1.5 .. "|")
print(10 .. "", -3 .. "", 2^10 .. "")
print("x" .. 0.25, "n=" .. 100 / 4)
local s = ""
for i = 1, 5 do s = s .. i .. "," end
print(s)
print(("abc"):rep(2) .. "!" .. #"abc")
print("10" + 5, "3" * "4", "2" ^ 3, 10 - "4", "7" % 4, -"3")
print("0x10" + 0, " 12 " + 1, "1e2" * 1, "5" / "2")
print(type("10" + 0), type(10 .. ""))
print(pcall(function() return "abc" + 1 end) == false)
print(pcall(function() return {} .. "x" end) == false)
