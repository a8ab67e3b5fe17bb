-- golden: lua5.4
local fns = {}
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  do
    local v = i * 10
    fns[#fns + 1] = function() return v end
  end
  ::continue::
end
local out = {}
for _, f in ipairs(fns) do out[#out + 1] = f() end
print(table.concat(out, " "))
local i = 0
local results = {}
::loop::
i = i + 1
if i <= 3 then
  local sq = i * i
  results[#results + 1] = function() return sq end
  goto loop
end
print(results[1](), results[2](), results[3]())
