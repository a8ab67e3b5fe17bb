-- Process-style code: everything runs inside a coroutine (as every wippy process does) and
-- yields now and then. Per task: a fresh callback closure that contains a loop is created
-- and called, objects get method calls, a table is filled and summed.
local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({ items = {}, head = 1, tail = 0 }, Queue) end
function Queue:push(v) self.tail = self.tail + 1; self.items[self.tail] = v end
function Queue:pop()
  if self.head > self.tail then return nil end
  local v = self.items[self.head]
  self.items[self.head] = nil
  self.head = self.head + 1
  return v
end

local function each(t, f) for i = 1, #t do f(t[i], i) end end

local function worker(ntasks)
  local q = Queue.new()
  local total = 0
  for task = 1, ntasks do
    local data = {}
    for i = 1, 20 do data[i] = (task + i) % 17 end
    local acc = 0
    -- a fresh closure with a loop inside, called 20 times
    each(data, function(v, i)
      for r = 1, 2 do acc = acc + v * r end
      if i % 5 == 0 then q:push(v) end
    end)
    local v = q:pop()
    while v do total = total + v; v = q:pop() end
    total = total + acc
    if task % 10 == 0 then coroutine.yield(total) end
  end
  return total
end

local N = 150000
local t0 = os.clock()
local co = coroutine.create(worker)
local ok, v = coroutine.resume(co, N)
local yields = 0
while coroutine.status(co) ~= "dead" do
  yields = yields + 1
  ok, v = coroutine.resume(co)
end
local elapsed = os.clock() - t0

print(string.format("checksum %.0f %d", v, yields))
print(string.format("time %.6f", elapsed))
