local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local a = 1; local b = 2; print(a + b);
local function f() return 1; end
print(f());
local t = {1; 2; 3;}
print(#t);
for i = 1, 2 do write(i); end flush();
