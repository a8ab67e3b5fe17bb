print(pcall(assert, false, 42))
print(assert(0), assert(""), assert({}) ~= nil)
print(select("#", assert(1, nil, nil)))
local function check(x) return assert(type(x) == "number" and x, "expected number") end
print(pcall(check, 5))
print(pcall(check, "five"))
