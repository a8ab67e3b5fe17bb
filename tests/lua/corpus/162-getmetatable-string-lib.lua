local smt = getmetatable("")
print(type(smt), smt.__index == string, getmetatable("other") == smt)
print(("abc"):len(), ("%s!"):format("hey"))
print(rawequal(getmetatable("a"), getmetatable("b")))
local n = 5
print(getmetatable(n), getmetatable(nil))
