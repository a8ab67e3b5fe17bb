local words = {"banana", "Apple", "cherry", "apple", "Banana", "10", "9", "", "a b", "a"}
table.sort(words)
print(table.concat(words, "|"))
print("a" < "B", "A" < "b", "abc" < "abcd", "abd" > "abc")
print("\0" < "\1", "a\0" < "a\1", "z" > "aaaaaaaa")
local t = {"b", "a", "c"}
table.sort(t, function(x, y) return x > y end)
print(table.concat(t))
