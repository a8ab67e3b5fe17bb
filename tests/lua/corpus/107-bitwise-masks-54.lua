-- golden: lua5.4
local function bits(n, width)
  local t = {}
  for i = width - 1, 0, -1 do t[#t + 1] = (n >> i) & 1 end
  return table.concat(t)
end
print(bits(5, 8), bits(255, 8), bits(0xA5, 8), bits(-1 & 0xFF, 8))
local flags = 0
local READ, WRITE, EXEC = 1, 2, 4
flags = flags | READ | EXEC
print(flags, flags & WRITE ~= 0, flags & EXEC ~= 0)
flags = flags & ~READ
print(flags)
flags = flags ~ WRITE
print(flags, bits(flags, 3))
local function popcount(n) local c = 0 while n ~= 0 do c = c + (n & 1); n = n >> 1 end return c end
print(popcount(0), popcount(7), popcount(0xFFFF), popcount(0x12345678))
local function rotl8(x, n) return ((x << n) | (x >> (8 - n))) & 0xFF end
print(rotl8(0x81, 1), rotl8(0x0F, 4))
print(0x7FFFFFFF + 1, 0xFFFFFFFF & 0x0F0F0F0F, (1 << 31) | 1)
