local tasks = {}
local output = {}
local function spawn(name, n)
  tasks[#tasks + 1] = {name = name, co = coroutine.create(function()
    for i = 1, n do
      output[#output + 1] = name .. i
      coroutine.yield()
    end
  end)}
end
spawn("A", 3)
spawn("B", 1)
spawn("C", 2)
while #tasks > 0 do
  local i = 1
  while i <= #tasks do
    local t = tasks[i]
    coroutine.resume(t.co)
    if coroutine.status(t.co) == "dead" then table.remove(tasks, i) else i = i + 1 end
  end
end
print(table.concat(output, " "))
