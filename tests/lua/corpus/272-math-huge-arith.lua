local inf = math.huge
print(inf > 0, -inf < 0, inf + inf == inf, inf * -1 == -inf, 1 / inf == 0)
print(math.floor(inf) == inf, math.ceil(-inf) == -inf, math.max(inf, 0) == inf)
print(inf == 2 ^ 2000, -inf == -(2 ^ 2000))
local x = inf - inf
print(x ~= x, x == x)
print(string.format("%d", 0 * 1), math.min(0, inf))
