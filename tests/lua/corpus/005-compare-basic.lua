print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1, 1 ~= 1)
print("a" < "b", "b" < "a", "abc" < "abd", "Z" < "a", "" < "a", "a" < "aa")
print("10" < "9", 10 < 9, "a" <= "a", "b" >= "a")
print(1 == "1", "1" == 1, nil == false, 0 == false, "" == false)
print({} == {}, print == print, nil == nil)
local t = {}
print(t == t, t ~= {}, 1 == 1.0, -0 == 0)
print(1 < 1.5, -1 > -1.5, 2^53 < 2^53 + 2)
print("a\0b" < "a\0c", "a\0" > "a", #"a\0b")
