local function lvl1() error("at level 1") end
local function lvl2() error("at level 2", 2) end
local function lvl0() error("no position", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(lvl2))
print(pcall(caller))
print(pcall(lvl0))
local function deep3() error("level 3", 3) end
local function deep2() deep3() end
local function deep1()
  deep2()
end
print(pcall(deep1))
print(pcall(error, "direct"))
print(pcall(error, "direct0", 0))
print(pcall(function() error("in anon") end))
print(pcall(function() error() end))
