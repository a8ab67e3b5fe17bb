--[= this is a line comment, not a long comment
print("after --[= comment")
--[==x also a line comment
print("after --[==x comment")
-- [[ a line comment with a space
print("after -- [[ comment")
--[[]] print("after empty block comment on same line")
--[==[]==] print("after empty level-2 block comment")
local s = "--[[ not a comment inside a string ]]"
print(s)
local t = {--[[inline]] 1, --[==[ another ]==] 2}
print(#t)
print(1 --[[ between operands ]] + --[[ again ]] 2)
