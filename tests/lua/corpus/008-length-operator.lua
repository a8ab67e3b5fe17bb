print(#"", #"a", #"hello", #"\0\0\0", #"\n")
print(#{}, #{1}, #{1, 2, 3}, #{"a", "b", nil == nil})
local t = {}
for i = 1, 100 do t[i] = i * i end
print(#t)
t[#t + 1] = "x"
print(#t, t[#t])
t[#t] = nil
print(#t)
local s = "héllo"
print(#s)
print(#{n = 1, m = 2}, #{[1] = "a", [2] = "b", [3] = "c"})
local nested = {{1, 2}, {3, 4, 5}}
print(#nested, #nested[2])
