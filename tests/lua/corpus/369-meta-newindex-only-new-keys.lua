local writes = 0
local t = setmetatable({existing = 1}, {__newindex = function(t, k, v) writes = writes + 1 rawset(t, k, v) end})
t.existing = 2
t.new1 = 1
t.new1 = 2
t.existing = nil
t.existing = 3
print(writes, t.existing, t.new1)
