local function main(rounds)
  rounds = tonumber(rounds) or 3
  local ponger
  repeat
    ponger = process.registry.lookup("ponger")
    if not ponger then time.sleep("10ms") end
  until ponger
  local inbox = process.inbox()
  for n = 1, rounds do
    process.send(ponger, "ping", { n = n })
    local r = channel.select { inbox:case_receive(), time.after("1s"):case_receive() }
    if r.channel == inbox then
      io.print("pong " .. r.value:payload():data().n)
    else
      io.print("timeout")
      return 1
    end
  end
  return 0
end

return { main = main }
