print(_G._G == _G, _G.print == print, _G["string"] == string)
x = 10
print(_G.x, _G["x"])
_G.y = 20
print(y)
_G["with space"] = "ok"
print(_G["with space"])
local name = "dyn" .. 1
_G[name] = "dynamic global"
print(dyn1)
x = nil
print(_G.x, rawget(_G, "x"))
print(type(_G), type(_G.math), _G.math.floor(2.5))
local function setglobal(n, v) _G[n] = v end
setglobal("zz", 99)
print(zz)
print(_G.undefined_thing)
