local t = {}
for i = 1, 10000 do t[i] = i % 10 end
local s = table.concat(t)
print(#s, s:sub(1, 12), s:sub(-5))
local words = {}
for i = 1, 1000 do words[i] = "w" .. i end
local j = table.concat(words, " ")
print(#j, j:sub(1, 14), j:sub(-10))
