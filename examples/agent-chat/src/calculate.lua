local ops = {
  ["+"] = function(a, b) return a + b end,
  ["-"] = function(a, b) return a - b end,
  ["*"] = function(a, b) return a * b end,
  ["/"] = function(a, b)
    if b == 0 then error("division by zero") end
    return a / b
  end,
}

local function handler(args)
  local f = ops[args.op]
  if not f then error("unknown operation " .. tostring(args.op)) end
  return { result = f(args.a, args.b) }
end

return { handler = handler }
