-- golden: lua5.4
-- a __close metamethod removed after the declaration is an error when the scope ends
local function foo()
  local xyz <close> = setmetatable({}, {__close = print})
  getmetatable(xyz).__close = nil
end
local ok, msg = pcall(foo)
print(ok, (string.gsub(msg, "^.-:%d+: ", "")))
local function bar()
  local xyz <close> = setmetatable({}, {__close = print})
  getmetatable(xyz).__close = 42
end
ok, msg = pcall(bar)
print(ok, (string.gsub(msg, "^.-:%d+: ", "")))
