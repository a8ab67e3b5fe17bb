local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function tokenize(src)
  local tokens = {}
  local i = 1
  local keywords = {["if"] = true, ["then"] = true, ["else"] = true, ["end"] = true, ["local"] = true}
  while i <= #src do
    local c = src:sub(i, i)
    if c:match("%s") then
      i = i + 1
    elseif c:match("[%a_]") then
      local word = src:match("^[%w_]+", i)
      tokens[#tokens + 1] = (keywords[word] and "KW:" or "ID:") .. word
      i = i + #word
    elseif c:match("%d") then
      local num = src:match("^%d+%.?%d*", i)
      tokens[#tokens + 1] = "NUM:" .. num
      i = i + #num
    elseif c == '"' then
      local s = src:match('^"([^"]*)"', i)
      tokens[#tokens + 1] = "STR:" .. s
      i = i + #s + 2
    else
      local op = src:match("^[=~<>]=", i) or src:match("^%.%.", i) or c
      tokens[#tokens + 1] = "OP:" .. op
      i = i + #op
    end
  end
  return tokens
end
local toks = tokenize('local x = 10 if x >= 3.5 then print("big" .. x) else y ~= z end')
for i, t in ipairs(toks) do write(t, i % 6 == 0 and "\n" or " ") end
flush()
print(#toks)
