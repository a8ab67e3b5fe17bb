local env = {HOME = "/home/u", USER = "u"}
print(("$HOME/bin:${USER}"):gsub("%${?(%w+)}?", env))
print(("%d %s"):gsub("%%(%a)", {d = "digit", s = "string"}))
local escaped = ("a+b=c"):gsub("[%+%=]", function(c) return string.format("%%%02X", c:byte()) end)
print(escaped)
print((escaped:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)))
