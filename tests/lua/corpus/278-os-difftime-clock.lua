print(os.difftime(100, 40), os.difftime(40, 100), os.difftime(5, 5))
local t1 = os.time({year = 2024, month = 1, day = 1, hour = 0})
local t2 = os.time({year = 2024, month = 12, day = 31, hour = 0})
print(os.difftime(t2, t1) / 86400)
print(type(os.clock()), os.clock() >= 0)
local c1 = os.clock()
local x = 0
for i = 1, 100000 do x = x + i end
print(os.clock() >= c1, x)
