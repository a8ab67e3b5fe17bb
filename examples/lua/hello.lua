-- A plain Lua script: run it with `node bin/wippy.js lua examples/lua/hello.lua [name]`.
local name = arg[1] or "world"
print(string.format("Hello, %s!", name))

-- closures, coroutines and patterns work as in Lua
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local next_id = counter()
print("ids:", next_id(), next_id(), next_id())

local gen = coroutine.wrap(function()
  for word in ("let it crash"):gmatch("%a+") do coroutine.yield(word:upper()) end
end)
print("words:", gen(), gen(), gen())
