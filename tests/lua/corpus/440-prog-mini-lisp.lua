local function tokenize(s)
  local t = {}
  for tok in s:gsub("%(", " ( "):gsub("%)", " ) "):gmatch("%S+") do t[#t + 1] = tok end
  return t
end
local function read(tokens, pos)
  local tok = tokens[pos]
  if tok == "(" then
    local list = {}
    pos = pos + 1
    while tokens[pos] ~= ")" do
      local v
      v, pos = read(tokens, pos)
      list[#list + 1] = v
    end
    return list, pos + 1
  end
  return tonumber(tok) or tok, pos + 1
end
local Env = {}
Env.__index = function(e, k) local o = rawget(e, "__outer") return o and o[k] end
local function env(outer) return setmetatable({__outer = outer}, Env) end
local global = env(nil)
global["+"] = function(a, b) return a + b end
global["-"] = function(a, b) return a - b end
global["*"] = function(a, b) return a * b end
global["<"] = function(a, b) return a < b end
global["="] = function(a, b) return a == b end
global["list"] = function(...) return {...} end
global["len"] = function(l) return #l end
local eval
function eval(x, e)
  if type(x) == "string" then return e[x] end
  if type(x) == "number" then return x end
  local op = x[1]
  if op == "quote" then return x[2]
  elseif op == "if" then return eval(x[2], e) and eval(x[3], e) or eval(x[4], e)
  elseif op == "define" then e[x[2]] = eval(x[3], e) return nil
  elseif op == "lambda" then
    local params, body = x[2], x[3]
    return function(...)
      local le = env(e)
      local args = {...}
      for i, p in ipairs(params) do le[p] = args[i] end
      return eval(body, le)
    end
  elseif op == "begin" then local r for i = 2, #x do r = eval(x[i], e) end return r
  end
  local f = eval(op, e)
  local args = {}
  for i = 2, #x do args[#args + 1] = eval(x[i], e) end
  return f(unpack(args))
end
local function run(src) return eval((read(tokenize(src), 1)), global) end
print(run("(+ 1 (* 2 3))"))
run("(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))")
print(run("(fact 10)"))
run("(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))")
print(run("(fib 15)"))
run("(define make-adder (lambda (x) (lambda (y) (+ x y))))")
print(run("((make-adder 10) 5)"))
print(run("(len (list 1 2 3 4))"), run("(begin (define x 5) (* x x))"), run("(if (= 1 2) 10 20)"))
