local base = os.time({year = 2021, month = 6, day = 15, hour = 12})
print(base)
print(os.time({year = 2021, month = 6, day = 15, hour = 12, sec = 3600}) - base)
print(os.time({year = 2021, month = 6, day = 45, hour = 12}) - base)
print(os.time({year = 2021, month = 18, day = 15, hour = 12}) - base)
print(os.date("!%Y-%m-%d", os.time({year = 2021, month = 1, day = 366, hour = 0})))
print(os.date("!%Y-%m-%d", os.time({year = 2020, month = 1, day = 366, hour = 0})))
local leap = function(y) return os.date("!%d", os.time({year = y, month = 3, day = 0, hour = 0})) end
print(leap(1900), leap(2000), leap(2023), leap(2024))
