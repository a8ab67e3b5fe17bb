-- a long file name in a chunk name keeps its last part (runtime errors)
local name = "@" .. string.rep("d", 30) .. "/" .. string.rep("f", 40) .. ".lua"
local f = loadstring("error('boom')", name)
local ok, err = pcall(f)
print(err)
print(#string.match(err, "^([^:]*):"))
f = loadstring("error('boom')", "@short.lua")
print(pcall(f))
