print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil)
print(0 and "zero", "" and "empty", {} and "table" or "no")
local function d(x) return x or "default" end
print(d(nil), d(false), d(0), d(""), d("given"))
local t = {}
t.count = (t.count or 0) + 1
t.count = (t.count or 0) + 1
print(t.count)
local a, b = nil, 5
local m = a and a.x or b and b * 2 or "none"
print(m)
print((nil or {}).x, (false or "s"):upper())
