-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local checks = {
  {"table", "pack"}, {"table", "unpack"}, {"table", "move"}, {"math", "tointeger"}, {"math", "ult"},
  {"utf8", "char"}, {"utf8", "codepoint"}, {"utf8", "len"}, {"utf8", "offset"}, {"utf8", "codes"},
  {"coroutine", "isyieldable"}, {"string", "rep"},
}
for _, c in ipairs(checks) do write(c[1], ".", c[2], "=", type(_G[c[1]][c[2]]), " ") end
flush()
print(type(rawlen), type(load), type(utf8.charpattern))
