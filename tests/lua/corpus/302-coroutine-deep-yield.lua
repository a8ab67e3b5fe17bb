local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  return deep(n - 1) .. "<" .. n
end
local co = coroutine.create(function() return deep(50) end)
print(coroutine.resume(co))
local ok, r = coroutine.resume(co, "up")
print(ok, #r, r:sub(1, 12))
local function walk(n)
  if n > 0 then
    coroutine.yield(n)
    walk(n - 1)
  end
end
local vals = {}
for v in coroutine.wrap(function() walk(10) end) do vals[#vals + 1] = v end
print(table.concat(vals, " "))
