print(nil and 1, false and 1, 0 and 1, "" and 1)
print(nil or 1, false or 2, 0 or 3, nil or false, false or nil)
print(not nil, not false, not 0, not "", not not nil)
print(1 and 2 or 3, nil and 2 or 3, false or nil and 1)
local calls = 0
local function f(v) calls = calls + 1; return v end
local r = f(false) and f(true)
print(r, calls)
r = f(true) or f(false)
print(r, calls)
r = f(nil) or f(false) or f("x")
print(r, calls)
local x = nil
print(x and x.field or "default")
print(false == nil, (nil and nil) == nil)
