local S = setmetatable({}, {__unm = function(a) return "minus" end, __add = function(a, b) return "plus" end})
print(-S, S + "1", "1" + S)
print(-"2", - -"3", "10" + "5")
