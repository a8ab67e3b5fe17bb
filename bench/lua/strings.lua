-- String building: `..` in a loop, table.concat, string.format, plus sub/byte/rep/upper.
local N = 200000

local function hash(s, h)
  -- cheap position-sampled hash, keeps the checksum independent of engine number formatting
  local n = #s
  h = (h * 31 + n) % 16777213
  local step = math.floor(n / 16) + 1
  for i = 1, n, step do h = (h * 31 + string.byte(s, i)) % 16777213 end
  return h
end

local t0 = os.clock()
local h = 7
local total = 0

-- 1. short-lived concatenations
for i = 1, N do
  local s = "item" .. i .. ":" .. (i * 3) .. ";"
  total = total + #s
end

-- 2. growing a string with `..` (quadratic in Lua, so kept short and repeated)
for r = 1, 40 do
  local s = ""
  for i = 1, 1000 do s = s .. "ab" .. (i % 10) end
  total = total + #s
  h = hash(s, h)
end

-- 3. buffer + table.concat
for r = 1, 10 do
  local buf = {}
  for i = 1, 20000 do buf[#buf + 1] = "line " .. i .. " of " .. r end
  local s = table.concat(buf, "\n")
  total = total + #s
  h = hash(s, h)
end

-- 4. string.format
for i = 1, N do
  local s = string.format("%d:%s:%5.2f|%-6s|%x", i, "name", i / 7, "ab", i)
  total = total + #s
  if i % 1000 == 0 then h = hash(s, h) end
end

-- 5. sub / byte / rep / upper / lower / len
local base = string.rep("The quick brown fox jumps over the lazy dog. ", 50)
for i = 1, N do
  local a = (i % 40) + 1
  local piece = string.sub(base, a, a + 20)
  total = total + string.byte(piece, 1) + #piece
  if i % 100 == 0 then
    local u = string.upper(piece) .. string.lower(piece)
    h = hash(u, h)
  end
end

local elapsed = os.clock() - t0
print(string.format("checksum %.0f %.0f", total, h))
print(string.format("time %.6f", elapsed))
