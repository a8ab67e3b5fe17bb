-- golden: lua5.4
local helper
local function run() return helper() end
print(pcall(run))
local cfg = {}
local function read() return cfg.section.key end
print(pcall(read))
local function callfield() return cfg.handler() end
print(pcall(callfield))
