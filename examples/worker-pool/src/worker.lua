-- Takes jobs from its inbox, computes them with a function call, replies to the pool.
local function main(pool_pid)
  local inbox = process.inbox()
  while true do
    local msg = inbox:receive()
    if msg:topic() == "stop" then return 0 end
    local job = msg:payload():data()
    local result, err = funcs.call("app:square", job.n)
    process.send(pool_pid, "result", { n = job.n, result = result, err = err and tostring(err) })
  end
end

return { main = main }
