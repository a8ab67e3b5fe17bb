-- Answers every "ping" with a "pong" carrying the same value; "stop" ends it.
local function main()
  local inbox = process.inbox()
  while true do
    local m = inbox:receive()
    if m:topic() == "stop" then return 0 end
    process.send(m:from(), "pong", m:payload():data())
  end
end

return { main = main }
