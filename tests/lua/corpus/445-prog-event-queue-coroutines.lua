local queue = {}
local time = 0
local log = {}
local function sleep(dt) coroutine.yield(dt) end
local function spawn(name, f)
  queue[#queue + 1] = {at = time, co = coroutine.create(f), name = name}
end
spawn("fast", function() for i = 1, 3 do log[#log + 1] = time .. ":fast" .. i sleep(1) end end)
spawn("slow", function() for i = 1, 2 do log[#log + 1] = time .. ":slow" .. i sleep(3) end end)
spawn("once", function() sleep(2) log[#log + 1] = time .. ":once" end)
while #queue > 0 do
  table.sort(queue, function(a, b) if a.at ~= b.at then return a.at < b.at end return a.name < b.name end)
  local task = table.remove(queue, 1)
  time = task.at
  local ok, dt = coroutine.resume(task.co)
  if coroutine.status(task.co) ~= "dead" then
    task.at = time + dt
    queue[#queue + 1] = task
  end
end
print(table.concat(log, " "))
print("end time", time)
