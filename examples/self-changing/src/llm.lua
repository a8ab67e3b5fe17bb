-- Stands in for a model call: the agent sends a task, the answer is Lua source. A real app
-- would call an LLM here; the answers are fixed so the demo always behaves the same.

local answers = {
  [1] = [[
return { handler = function(name)
  return "Hello, " .. name
end }]],
  [2] = [[
local greetings = 0
return { handler = function(name)
  greetings = greetings + 1
  return string.format("Hello, %s! (greeting #%d from revision 2)", name, greetings)
end }]],
  -- a model makes mistakes: this one does not compile
  [3] = [[
return { handler = function(name)
  return "Hi, " .. name
end ]],
}

local function complete(task)
  return answers[task.revision] or error("no answer for revision " .. tostring(task.revision))
end

return { complete = complete }
