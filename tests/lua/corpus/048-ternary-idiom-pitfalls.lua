local function pick(c, a, b) return c and a or b end
print(pick(true, "yes", "no"), pick(false, "yes", "no"), pick(nil, 1, 2))
print(pick(true, false, "fallback"), pick(true, nil, "fallback"))
local x = 5
local kind = x > 3 and "big" or "small"
print(kind)
local v = nil
local safe = v and v.field or "nofield"
print(safe)
local n = 0
local zero_is_truthy = n and "zero is truthy" or "zero is falsy"
print(zero_is_truthy)
local empty = "" and "empty string truthy"
print(empty)
local d = false or nil
print(d, nil or false, false and nil)
