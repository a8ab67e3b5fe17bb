-- single line comment
print("a") -- trailing comment
--[[ block
comment ]] print("b")
--[==[ block with ]] inside
]==]
print("c")
---[[ this is a line comment, block below is live
print("d")
--]]
local x = 1 --[[ inline ]] + 2
print(x)
--[[
print("never")
--]]
print("e")
