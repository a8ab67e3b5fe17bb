local arr = setmetatable({}, {__index = function(t, i)
  if type(i) == "number" and i >= 1 and i <= 5 then return i * 100 end
end})
local out = {}
for i = 0, 6 do out[#out + 1] = tostring(arr[i]) end
print(table.concat(out, " "))
local count = 0
for _ in ipairs(arr) do count = count + 1 end
print(#arr)
