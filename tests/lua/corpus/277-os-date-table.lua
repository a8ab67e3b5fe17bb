local d = os.date("!*t", 1700000000)
local keys = {}
for k in pairs(d) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k, tostring(d[k])) end
local e = os.date("!*t", 0)
print(e.year, e.month, e.day, e.hour, e.min, e.sec, e.wday, e.yday)
local back = os.time({year = d.year, month = d.month, day = d.day, hour = d.hour, min = d.min, sec = d.sec})
print(back)
