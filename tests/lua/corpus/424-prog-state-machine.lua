local machine = {
  idle = {start = "running"},
  running = {pause = "paused", stop = "idle", finish = "done"},
  paused = {resume = "running", stop = "idle"},
  done = {},
}
local function run(events)
  local state, trace = "idle", {"idle"}
  for _, ev in ipairs(events) do
    local nxt = machine[state][ev]
    if nxt then state = nxt; trace[#trace + 1] = state
    else trace[#trace + 1] = "!" .. ev end
  end
  return table.concat(trace, " > ")
end
print(run({"start", "pause", "resume", "finish"}))
print(run({"pause", "start", "stop", "start", "finish", "start"}))
