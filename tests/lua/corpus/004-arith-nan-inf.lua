local inf = math.huge
local nan = 0 / 0
print(inf > 1e308, -inf < -1e308, inf == inf, -inf == -inf)
print(nan ~= nan, nan == nan, nan < 1, nan > 1, nan <= nan)
print(1 / 0 == inf, -1 / 0 == -inf, inf - inf ~= inf - inf)
print(math.huge == 2 ^ 1024, inf + 1 == inf, inf * 0 ~= inf * 0)
local t = {}
print(pcall(function() t[nan] = 1 end))
print(math.max(1, inf) == inf, math.min(1, -inf) == -inf)
print(math.floor(2.5) == 2, tostring(1e308 * 10) == tostring(inf))
