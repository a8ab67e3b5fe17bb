-- golden: lua5.4
-- A recursion through pcall/xpcall ends at the C-call limit (like LUAI_MAXCCALLS), not at
-- the JS stack: a message handler that recurses the same way still finishes.
local function loop()
  assert(pcall(loop))
end
local ok, msg = xpcall(loop, loop)
print(ok, msg)

-- the innermost protected call reports an error; every level above sees it fail
local depth = 0
local function nest()
  depth = depth + 1
  local ok, e = pcall(nest)
  return ok
end
print(pcall(nest))
print(depth > 100 and depth < 1000)

-- plain recursion (no protected call per level) still reaches the real stack overflow
local n = 0
local function rec() n = n + 1; return rec() + 1 end
local ok2, e2 = pcall(rec)
print(ok2, (string.gsub(e2, "^.-:%d+: ", "")), n > 1000)
