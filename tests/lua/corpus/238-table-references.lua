local a = {1, 2, 3}
local b = a
b[1] = 100
print(a[1], a == b)
local function modify(t) t.changed = true end
modify(a)
print(a.changed)
local function replace(t) t = {"new"} return t end
local c = replace(a)
print(a[1], c[1])
local keyt = {}
local map = {[keyt] = "table key", [print] = "function key", [true] = "bool key"}
print(map[keyt], map[print], map[true], map[{}])
local copy = {}
for i, v in ipairs(a) do copy[i] = v end
copy[2] = "c"
print(a[2], copy[2])
