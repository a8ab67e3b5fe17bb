local s = [==[
contains ]] and ]=] but not the closer
]==]
print(s)
print(#[[]], [[a]] .. [=[b]=] .. [==[c]==])
local esc = [[\n is not an escape \t either]]
print(esc, #esc)
--[==[
multi-line comment with ]] inside
print("not printed")
]==]
print([[first
second
third]])
local nested = [=[ [[inner]] ]=]
print(nested)
