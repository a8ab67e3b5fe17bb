-- A worker: uppercases the task's word into `results`. The word "fail" always fails, so
-- the queue retries it and, after 3 attempts, moves it to the dead-letter queue.
local function main(task)
  local msg = queue.message()
  time.sleep("20ms") -- some work
  if task.word == "fail" then
    return nil, "cannot process " .. task.word
  end
  local db = sql.get("app:db")
  local _, err = sql.builder.insert("results")
    :columns("task", "output", "attempts")
    :values(task.word, task.word:upper(), msg:attempts())
    :run_with(db):exec()
  if err then return nil, err end
  return true
end

return { main = main }
