-- The assistant as an actor: one conversation per asking process, kept by the agent
-- module in .wippy/agents.db, so follow-up questions see the earlier ones.
local function main()
  process.registry.register("assistant")
  local inbox = process.inbox()
  local events = process.events()
  local conversations = {}
  while true do
    local r = channel.select { inbox:case_receive(), events:case_receive() }
    if r.channel == events then
      if r.value.kind == process.event.CANCEL then return 0 end
    else
      local msg = r.value
      local ask = msg:payload():data()
      local from = msg:from()
      local stream = ask.stream_to and { reply_to = ask.stream_to, topic = "chunk" } or nil
      local res, err = agent.run("app:assistant", ask.text, {
        conversation_id = ask.conversation_id or conversations[from],
        stream = stream,
      })
      if res then
        conversations[from] = res.conversation_id
        process.send(from, "answer", { result = res.result, conversation_id = res.conversation_id,
                                       tokens = res.tokens.total_tokens, cost = res.cost, steps = res.steps })
      else
        logger:error("agent run failed", { error = err })
        process.send(from, "answer", { error = err })
      end
    end
  end
end

return { main = main }
