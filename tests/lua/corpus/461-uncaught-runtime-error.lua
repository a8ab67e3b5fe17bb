-- golden: lua5.4
-- expect: error
print("start")
local t = {}
print(t.missing.field)
