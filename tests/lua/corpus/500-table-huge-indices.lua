-- golden: lua5.4
-- table.concat / table.unpack at the top of the integer range must terminate
local maxi = math.maxinteger
print(table.concat({[maxi] = "alo"}, "x", maxi, maxi))
print(table.concat({[-maxi] = "neg"}, "x", -maxi, -maxi))
print(table.unpack({[maxi] = 20}, maxi, maxi))
print(select("#", table.unpack({}, maxi, maxi)))
-- Lua's stack holds fewer than a million values
print(pcall(table.unpack, {}, 1, 1000000))
print(select("#", table.unpack({}, 1, 1000)))
