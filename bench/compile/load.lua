-- Compile speed inside Lua: read a Lua source from stdin and time load() on it only.
-- Then run the chunk and call every function it returns, as a checksum that the
-- compiled code also works.   lua5.4 bench/compile/load.lua < big.lua
local src = io.read("*a")
local load = loadstring or load

local t0 = os.clock()
local f, err = load(src, "=generated")
local elapsed = os.clock() - t0
if not f then error(err) end

local M = f()
local sum, n = 0, 0
for name, fn in pairs(M) do
  sum = sum + fn()
  n = n + 1
end

print(string.format("checksum %.0f %d", sum, n))
print(string.format("time %.6f", elapsed))
print(string.format("metric source_mb %.3f", #src / 1048576))
print(string.format("metric mb_per_s %.2f", #src / 1048576 / elapsed))
