-- golden: lua5.4
-- expect: error
print("5.4 before")
local x = nil
local y = x + 1
