local function inf(n) return 1 + inf(n + 1) end
local ok, err = pcall(inf, 1)
print(ok, type(err), string.find(err, "stack overflow", 1, true) ~= nil)
local function mutual_a(n) return 1 + mutual_b(n) end
function mutual_b(n) return 1 + mutual_a(n) end
ok, err = pcall(mutual_a, 1)
print(ok, string.find(tostring(err), "stack overflow", 1, true) ~= nil)
print("still alive", pcall(function() return 1 end))
local function fine(n) if n == 0 then return 0 end return 1 + fine(n - 1) end
print(fine(1000))
