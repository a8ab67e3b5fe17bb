-- golden: lua5.4
print(select(-1, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(select("#", select(-2, 1, nil, nil)))
print(select(2, table.unpack({1, 2, 3})))
