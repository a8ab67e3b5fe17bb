-- Publish one task per argument, wait until each is either done or dead-lettered, and
-- print the outcome of these tasks (the database may hold earlier runs' too).
local function main(...)
  local words = {...}
  for _, w in ipairs(words) do
    local ok, err = queue.publish("app:tasks", {word = w})
    if not ok then
      io.print("publish failed: " .. tostring(err))
      return 1
    end
  end
  io.print("submitted " .. #words .. " tasks")

  local db = sql.get("app:db")
  local b = sql.builder
  -- where({task = words}) is `task IN (?, ?, ...)`: the words are bound, never spliced in
  local results = b.select("task", "output"):from("results"):where({task = words}):order_by("task")
  local failures = b.select("task", "attempts"):from("failures"):where({task = words}):order_by("task")
  local done, dead = {}, {}
  for _ = 1, 500 do
    done = results:run_with(db):query()
    dead = failures:run_with(db):query()
    if #done + #dead >= #words then break end
    time.sleep("20ms")
  end
  io.print(string.format("done: %d completed, %d dead-lettered", #done, #dead))
  for _, r in ipairs(done) do io.print(r.task .. " -> " .. r.output) end
  for _, r in ipairs(dead) do io.print(string.format("dead: %s (%d attempts)", r.task, r.attempts)) end
  return #done + #dead == #words and 0 or 1
end

return { main = main }
