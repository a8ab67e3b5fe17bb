local t = {}
table.insert(t, 1, "a")
table.insert(t, 2, "b")
table.insert(t, 1, "c")
print(table.concat(t, ","))
table.insert(t, #t + 1, "d")
print(table.concat(t, ","), #t)
print(table.remove(t, #t), #t)
print(table.remove(t, 1), table.concat(t, ","))
