print(not 1 == 2, not (1 == 2))
print(not nil and 1, not (nil and 1))
print(not 0, not not 0, not {})
local a = 5
print(-2 ^ 2, (-2) ^ 2, - 2 ^ - 2)
print(#"abc" == 3, -#"abc", not #"")
