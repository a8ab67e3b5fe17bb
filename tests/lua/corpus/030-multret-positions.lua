local function three() return 1, 2, 3 end
local function none() end
print(three())
print(three(), "x")
print("x", three())
print((three()))
print(three(), three())
local t = {three(), three()}
print(#t)
t = {three(), (three())}
print(#t)
t = {three(), nil}
print(#t)
local function ret() return three() end
print(ret())
local function ret2() return (three()) end
print(ret2())
local function ret3() return three(), 10 end
print(ret3())
print(none())
print(select("#", none()), select("#", (none())))
print(math.max(three()), string.format("%d-%d-%d", three()))
local a, b, c, d = three()
print(a, b, c, d)
local s = three() .. "!"
print(s)
