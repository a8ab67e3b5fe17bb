local function greet(name: string): string
  return "hello " .. name
end

local function square(n: number): number
  return n * n
end

return { greet = greet, square = square }
