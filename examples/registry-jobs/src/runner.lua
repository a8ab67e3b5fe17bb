local function run_jobs()
  local jobs = registry.find({ ["meta.type"] = "job" })
  table.sort(jobs, function(a, b) return a.meta.order < b.meta.order end)
  for _, job in ipairs(jobs) do
    local result, err = funcs.call(job.data.func, job.data.input)
    io.print(string.format("%s -> %s", job.id, tostring(err or result)))
  end
end

local function main(): integer
  io.print("version " .. registry.current_version():string())
  run_jobs()
  local changes = registry.snapshot():changes()
  changes:create({
    id = "app:job.shout",
    kind = "registry.entry",
    meta = { type = "job", order = 3 },
    data = { func = "app:greet", input = "registry" },
  })
  local version, err = changes:apply()
  if err then io.print("apply failed: " .. tostring(err)) return 1 end
  io.print("version " .. version:string())
  run_jobs()
  return 0
end

return { main = main }
