x = "global x"
local function read() return x end
local x = "local x"
print(read(), x, _G.x)
local function read2() return x end
x = "local changed"
print(read(), read2())
_G.x = "global changed"
print(read(), read2())
local print = print
local _G = _G
do local x = "block" print(x, _G.x) end
