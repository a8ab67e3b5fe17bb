local t = {1, 2, 3}
t[4] = 4
print(#t)
t[#t + 1] = 5
print(#t)
t[#t] = nil
t[#t] = nil
print(#t)
local s = {}
s[1] = "a"
print(#s)
local grown = {}
for i = 1, 17 do grown[i] = i end
print(#grown)
for i = 17, 10, -1 do grown[i] = nil end
print(#grown)
local str = {n = 3}
print(#str)
