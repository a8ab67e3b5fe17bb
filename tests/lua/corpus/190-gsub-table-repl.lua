local t = {name = "Lua", version = "5", missing = false}
print(string.gsub("$name $version $other", "%$(%w+)", t))
print(string.gsub("$missing", "%$(%w+)", t))
print(string.gsub("hello world", "%w+", {hello = "HI", world = 1}))
print(string.gsub("abc", "%w", {a = "1", b = false}))
print(pcall(string.gsub, "abc", "%w", {a = true}))
local mt = setmetatable({}, {__index = function(_, k) return k:upper() end})
print(string.gsub("abc def", "%w+", mt))
print(string.gsub("a-b", "(%w)-(%w)", {a = "first capture used"}))
