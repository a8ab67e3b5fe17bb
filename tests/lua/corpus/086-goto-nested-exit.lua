-- golden: lua5.4
local found
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 12 then
      found = i .. "x" .. j
      goto done
    end
  end
end
::done::
print(found)
local function search(grid, target)
  for r = 1, #grid do
    for c = 1, #grid[r] do
      if grid[r][c] == target then
        goto found
      end
    end
  end
  do return "not found" end
  ::found::
  return "found"
end
print(search({{1, 2}, {3, 4}}, 4), search({{1, 2}, {3, 4}}, 5))
do
  goto skip
  print("never printed")
  ::skip::
end
print("after skip")
