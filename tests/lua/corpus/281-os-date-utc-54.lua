-- golden: lua5.4
print(os.date("!%Y-%m-%dT%H:%M:%SZ", 1000000000))
local d = os.date("!*t", 1000000000)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
print(os.time({year = 2001, month = 9, day = 9, hour = 1, min = 46, sec = 40}))
print(os.difftime(10, 4) == 6)
