local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(5000))
local function build(n) if n == 0 then return {} end return {next = build(n - 1)} end
local list = build(3000)
local len = 0
while list do len = len + 1 list = list.next end
print(len)
local function count_nested(t) if not t.next then return 1 end return 1 + count_nested(t.next) end
print(count_nested(build(2000)))
local ok, v = pcall(sum, 4000)
print(ok, v)
