local t = {}
t[1] = "int"
t[1.5] = "float"
t["1"] = "string"
t[true] = "bool"
local tk = {}
t[tk] = "table"
t[print] = "function"
print(t[1], t[1.5], t["1"], t[true], t[tk], t[print], t[false])
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
t[1] = nil
t[true] = nil
count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
