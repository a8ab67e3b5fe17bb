-- A process on the terminal host: its io.print goes to stdout, its return value is the
-- exit code of `wippy run -x`.
local function main(name: string?): integer
  io.print("Hello, " .. (name or "world") .. "!")
  io.print("I am process " .. process.pid())
  return 0
end

return { main = main }
