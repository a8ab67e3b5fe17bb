local function lexer(s)
  local toks, i = {}, 1
  while i <= #s do
    local c = s:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("%d") then local n = s:match("^%d+", i) toks[#toks + 1] = {t = "num", v = tonumber(n)} i = i + #n
    elseif c:match("%a") then local n = s:match("^%a+", i) toks[#toks + 1] = {t = "id", v = n} i = i + #n
    else toks[#toks + 1] = {t = c} i = i + 1 end
  end
  toks[#toks + 1] = {t = "eof"}
  return toks
end
local function parse(toks)
  local p = 1
  local function peek() return toks[p].t end
  local function take() p = p + 1 return toks[p - 1] end
  local expr
  local function atom()
    local tk = take()
    if tk.t == "num" then return {"num", tk.v}
    elseif tk.t == "id" then
      if peek() == "(" then take() local a = expr() take() return {"call", tk.v, a} end
      return {"var", tk.v}
    elseif tk.t == "(" then local e = expr() take() return e
    elseif tk.t == "-" then return {"neg", atom()}
    end
    error("unexpected token " .. tk.t)
  end
  local function power() local b = atom() if peek() == "^" then take() return {"^", b, power()} end return b end
  local function term()
    local l = power()
    while peek() == "*" or peek() == "/" or peek() == "%" do local op = take().t l = {op, l, power()} end
    return l
  end
  function expr()
    local l = term()
    while peek() == "+" or peek() == "-" do local op = take().t l = {op, l, term()} end
    return l
  end
  local e = expr()
  if peek() ~= "eof" then error("trailing input") end
  return e
end
local funcs = {sq = function(x) return x * x end, half = function(x) return x / 2 end}
local function eval(n, env)
  local k = n[1]
  if k == "num" then return n[2]
  elseif k == "var" then return env[n[2]] or error("unbound " .. n[2])
  elseif k == "neg" then return -eval(n[2], env)
  elseif k == "call" then return funcs[n[2]](eval(n[3], env))
  end
  local a, b = eval(n[2], env), eval(n[3], env)
  if k == "+" then return a + b elseif k == "-" then return a - b elseif k == "*" then return a * b
  elseif k == "/" then return a / b elseif k == "%" then return a % b elseif k == "^" then return a ^ b end
end
local function show(n)
  if n[1] == "num" then return tostring(n[2]) elseif n[1] == "var" then return n[2]
  elseif n[1] == "neg" then return "(-" .. show(n[2]) .. ")"
  elseif n[1] == "call" then return n[2] .. "[" .. show(n[3]) .. "]" end
  return "(" .. show(n[2]) .. " " .. n[1] .. " " .. show(n[3]) .. ")"
end
local env = {x = 3, y = 4}
for _, src in ipairs({"1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x + y", "sq(x) + sq(y)", "half(10) - 1", "17 % 5 * 2", "x * (y - 1) / 3"}) do
  local tree = parse(lexer(src))
  print(src, "=>", show(tree), "=", eval(tree, env))
end
print(pcall(function() return eval(parse(lexer("z + 1")), env) end))
print(pcall(function() return parse(lexer("1 +")) end))
