-- A terminal chat with the assistant actor: each argument (or each stdin line) is a
-- question; the answer is printed as it streams in.
local function ask(actor, text, chunks, inbox)
  process.send(actor, "ask", { text = text, stream_to = process.pid() })
  local streamed = false
  while true do
    local r = channel.select { chunks:case_receive(), inbox:case_receive(), time.after("120s"):case_receive() }
    if r.channel == chunks then
      if r.value.type == "chunk" then
        io.write(r.value.content)
        streamed = true
      end
    elseif r.channel == inbox then
      -- chunks sent before the answer may still be queued
      while true do
        local c = channel.select({ chunks:case_receive() }, true)
        if c.default then break end
        if c.value.type == "chunk" then io.write(c.value.content); streamed = true end
      end
      local answer = r.value:payload():data()
      if answer.error then
        io.print("error: " .. answer.error)
        return nil
      end
      if not streamed then io.write(answer.result) end
      io.print("")
      return answer
    else
      io.print("error: no answer within 120s")
      return nil
    end
  end
end

local function main(...)
  local actor
  repeat
    actor = process.registry.lookup("assistant")
    if not actor then time.sleep("10ms") end
  until actor
  local chunks = process.listen("chunk")
  local inbox = process.inbox()
  local questions = { ... }
  local tokens, cost, failed = 0, 0, 0
  local function one(q)
    local a = ask(actor, q, chunks, inbox)
    if a then
      tokens, cost = tokens + a.tokens, cost + a.cost
    else
      failed = failed + 1
    end
  end
  if #questions > 0 then
    for _, q in ipairs(questions) do one(q) end
  else
    while true do
      io.write("> ")
      local line = io.readline()
      if line == nil then break end
      if line ~= "" then one(line) end
    end
  end
  io.print(string.format("[%d tokens, $%.6f]", tokens, cost))
  return failed == 0 and 0 or 1
end

return { main = main }
