-- An idle process: (optionally) tells its parent it is up, then waits for one message.
local function main(parent)
  local inbox = process.inbox()
  if parent then process.send(parent, "up") end
  inbox:receive()
  return 0
end

return { main = main }
