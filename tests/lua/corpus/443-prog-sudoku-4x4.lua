local grid = {
  {1, 0, 0, 0},
  {0, 0, 3, 0},
  {0, 4, 0, 0},
  {0, 0, 0, 2},
}
local function ok(g, r, c, v)
  for i = 1, 4 do if g[r][i] == v or g[i][c] == v then return false end end
  local br, bc = math.floor((r - 1) / 2) * 2, math.floor((c - 1) / 2) * 2
  for i = 1, 2 do for j = 1, 2 do if g[br + i][bc + j] == v then return false end end end
  return true
end
local solutions = 0
local first
local function solve(g)
  for r = 1, 4 do
    for c = 1, 4 do
      if g[r][c] == 0 then
        for v = 1, 4 do
          if ok(g, r, c, v) then
            g[r][c] = v
            solve(g)
            g[r][c] = 0
          end
        end
        return
      end
    end
  end
  solutions = solutions + 1
  if not first then
    first = {}
    for r = 1, 4 do first[r] = table.concat(g[r], " ") end
  end
end
solve(grid)
print("solutions:", solutions)
for _, row in ipairs(first) do print(row) end
