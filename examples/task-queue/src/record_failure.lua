-- Dead letters: remember which task gave up and after how many attempts.
local function main(task)
  local msg = queue.message()
  local db = sql.get("app:db")
  db:execute("INSERT INTO failures (task, attempts) VALUES (?, ?)", {task.word, msg:header("x_attempts")})
end

return { main = main }
