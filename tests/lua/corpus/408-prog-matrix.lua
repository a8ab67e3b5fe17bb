local function matmul(a, b)
  local n, m, p = #a, #b, #b[1]
  local c = {}
  for i = 1, n do
    c[i] = {}
    for j = 1, p do
      local s = 0
      for k = 1, m do s = s + a[i][k] * b[k][j] end
      c[i][j] = s
    end
  end
  return c
end
local function show(m) for _, row in ipairs(m) do print(table.concat(row, " ")) end end
show(matmul({{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}))
show(matmul({{1, 2, 3}}, {{1}, {2}, {3}}))
local function identity(n) local m = {} for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = i == j and 1 or 0 end end return m end
local a = {{2, 0, 1}, {1, 3, 2}, {1, 1, 1}}
show(matmul(a, identity(3)))
local function transpose(m) local t = {} for i = 1, #m[1] do t[i] = {} for j = 1, #m do t[i][j] = m[j][i] end end return t end
show(transpose({{1, 2, 3}, {4, 5, 6}}))
local function det3(m)
  return m[1][1] * (m[2][2] * m[3][3] - m[2][3] * m[3][2])
       - m[1][2] * (m[2][1] * m[3][3] - m[2][3] * m[3][1])
       + m[1][3] * (m[2][1] * m[3][2] - m[2][2] * m[3][1])
end
print(det3(a))
local p = identity(4)
for i = 1, 10 do p = matmul(p, {{1, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}) end
print(p[1][1], p[1][2])
