local calls = 0 -- survives between calls of a pooled instance

local function call(n: number): number
  calls = calls + 1
  return n * n
end

return { call = call }
