local edges = {
  {"A", "B", 4}, {"A", "C", 2}, {"B", "C", 5}, {"B", "D", 10},
  {"C", "E", 3}, {"E", "D", 4}, {"D", "F", 11},
}
local adj = {}
for _, e in ipairs(edges) do
  adj[e[1]] = adj[e[1]] or {}
  adj[e[2]] = adj[e[2]] or {}
  table.insert(adj[e[1]], {e[2], e[3]})
  table.insert(adj[e[2]], {e[1], e[3]})
end
for _, list in pairs(adj) do table.sort(list, function(x, y) return x[1] < y[1] end) end
local function bfs(start)
  local order, seen, q = {}, {[start] = true}, {start}
  local head = 1
  while head <= #q do
    local v = q[head]; head = head + 1
    order[#order + 1] = v
    for _, e in ipairs(adj[v]) do
      if not seen[e[1]] then seen[e[1]] = true; q[#q + 1] = e[1] end
    end
  end
  return table.concat(order, " ")
end
print(bfs("A"), "|", bfs("F"))
local function dijkstra(src)
  local dist, done, prev = {[src] = 0}, {}, {}
  while true do
    local best, bd = nil, math.huge
    for v, d in pairs(dist) do
      if not done[v] and (d < bd or (d == bd and v < best)) then best, bd = v, d end
    end
    if not best then break end
    done[best] = true
    for _, e in ipairs(adj[best]) do
      local nd = bd + e[2]
      if not dist[e[1]] or nd < dist[e[1]] then dist[e[1]] = nd; prev[e[1]] = best end
    end
  end
  return dist, prev
end
local dist, prev = dijkstra("A")
local names = {}
for v in pairs(dist) do names[#names + 1] = v end
table.sort(names)
for _, v in ipairs(names) do
  local path, cur = {}, v
  while cur do table.insert(path, 1, cur); cur = prev[cur] end
  print(v, dist[v], table.concat(path, "->"))
end
