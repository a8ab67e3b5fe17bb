local all = ""
for i = 1, 127 do all = all .. string.char(i) end
local function count(p) return select(2, all:gsub(p, "")) end
for _, c in ipairs({"%a", "%c", "%d", "%l", "%p", "%s", "%u", "%w", "%x", "."}) do
  print(c, count(c), count(c:upper() ~= "." and c:upper() or "."))
end
print(("a1 B2_c3!"):gsub("%w", "*"))
print(("Tab\tNew\nLine"):gsub("%s", "_"))
print(("3.14e-10"):gsub("%x", "X"))
print(("Hello, World!"):gsub("%p", ""))
print(("Hello, World!"):gsub("%u", "U"))
print(("MiXeD"):gsub("%l", "l"))
print(("a\1b\2c"):gsub("%c", "C"))
