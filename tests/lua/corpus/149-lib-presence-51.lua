local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local names = {"assert", "error", "getmetatable", "setmetatable", "ipairs", "next", "pairs", "pcall", "xpcall",
  "print", "rawequal", "rawget", "rawset", "select", "tonumber", "tostring", "type", "unpack", "loadstring", "load"}
for _, n in ipairs(names) do write(n, "=", type(_G[n]), " ") end flush()
local libs = {
  string = {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper"},
  table = {"concat", "insert", "remove", "sort"},
  math = {"abs", "ceil", "floor", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "fmod", "modf", "min", "max", "random", "randomseed", "deg", "rad"},
  os = {"time", "date", "difftime", "clock"},
  coroutine = {"create", "resume", "yield", "status", "wrap", "running"},
}
for _, lib in ipairs({"string", "table", "math", "os", "coroutine"}) do
  local missing = {}
  for _, f in ipairs(libs[lib]) do if type(_G[lib][f]) ~= "function" then missing[#missing + 1] = f end end
  print(lib, #libs[lib], #missing == 0 and "all present" or table.concat(missing, ","))
end
print(type(math.pi), type(math.huge))
