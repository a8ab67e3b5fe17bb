local function call(n: number): number
  return n + 1
end

return { call = call }
