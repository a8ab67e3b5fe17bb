local function mr() return "a", "b", "c" end
local t = {mr(), mr(), n = mr()}
print(#t, t[1], t[2], t[4], t.n)
local a, b = mr(), "x"
print(a, b)
local s = {mr(), mr()}
print(#s)
print((mr()), select("#", (mr())))
local function ret_paren() return (mr()) end
print(select("#", ret_paren()))
local function ret_mr_first() return mr(), mr() end
print(ret_mr_first())
local x, y, z, w = nil, mr()
print(x, y, z, w)
print(#{mr(), nil}, #{nil, mr()} >= 0)
print(mr() .. mr())
print({mr()} ~= nil, #{(mr())})
