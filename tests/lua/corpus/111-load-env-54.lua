-- golden: lua5.4
local env = {print = print, tostring = tostring}
local chunk = load([[
  x = 1
  y = (y or 0) + 10
  return x + y
]], "envchunk", "t", env)
print(chunk(), chunk(), env.x, env.y, x, y)
local sandbox = setmetatable({}, {__index = _G})
local f = load("newvar = 'in sandbox' return type(print)", "sb", "t", sandbox)
print(f(), sandbox.newvar, newvar)
local g = load("return ...", "=va", "t", {})
print(g(1, 2, 3))
local h, err = load("syntax error here", "=bad", "t", {})
print(h, type(err))
