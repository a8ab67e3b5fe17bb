-- golden: lua5.4
print(string.rep("ab", 3, ","))
print(string.rep("x", 1, "-"), string.rep("x", 0, "-") == "", string.rep("x", -1, "-") == "")
print(("na"):rep(4, " "), ("-"):rep(5))
print(string.rep("", 3, "|"))
print(string.rep("a", 3, ""))
print(#string.rep("abc", 100, ", "))
