local parts = {}
local s = "a" .. "b" .. "c" .. 1 .. 2 .. "d"
print(s)
local n = 1 .. 2 .. 3
print(n, type(n))
local big = ""
for i = 1, 100 do big = big .. (i % 10) end
print(#big, big:sub(1, 15))
local mixed = "x" .. 1.5 .. "y" .. -3 .. "z" .. 2^10
print(mixed)
print("pre" .. ("mid"):upper() .. "post")
print(#("a" .. "" .. "" .. "b"))
