-- golden: lua5.4
-- _ENV (Lua 5.2+): the chunk's environment by name, assignable; a local _ENV (or a parameter) is the environment of the globals in its scope, also from inner functions and coroutines
print(_ENV == _G)
local function f() return _ENV end
print(f() == _G)
do local _ENV = {print=print, x=5}; print(x); y = 7; print(y, _ENV.y) end
print(y)
local function g(_ENV) return a + b end
print(g({a=1, b=2}))
_ENV.XX = 3
print(XX, _ENV.XX)
local function mk() local _ENV = {tostring=tostring}; return function() z = 1; return tostring(z) end end
print(mk()(), z)
local co = coroutine.wrap(function() local _ENV = {v = 9, yield = coroutine.yield}; yield(v); return v + 1 end)
print(co(), co())
X = 20
_ENV = setmetatable({}, {__index=_G})
X = X + 10
print(X, _G.X)
local function h() return X end
print(h(), coroutine.wrap(h)())
