local function step(grid, h, w)
  local new = {}
  for r = 1, h do
    new[r] = {}
    for c = 1, w do
      local n = 0
      for dr = -1, 1 do
        for dc = -1, 1 do
          if not (dr == 0 and dc == 0) then
            local rr, cc = (r + dr - 1) % h + 1, (c + dc - 1) % w + 1
            n = n + grid[rr][cc]
          end
        end
      end
      local alive = grid[r][c] == 1
      new[r][c] = ((alive and (n == 2 or n == 3)) or (not alive and n == 3)) and 1 or 0
    end
  end
  return new
end
local h, w = 6, 6
local g = {}
for r = 1, h do g[r] = {} for c = 1, w do g[r][c] = 0 end end
g[1][2], g[2][3], g[3][1], g[3][2], g[3][3] = 1, 1, 1, 1, 1
for gen = 0, 4 do
  print("gen " .. gen)
  for r = 1, h do
    local row = {}
    for c = 1, w do row[c] = g[r][c] == 1 and "#" or "." end
    print(table.concat(row))
  end
  g = step(g, h, w)
end
