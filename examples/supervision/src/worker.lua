-- Works for a moment, then crashes (let it crash: the supervisor restarts it).
local function main(id, crash_after)
  time.sleep(crash_after)
  error("worker " .. id .. " crashed")
end

return { main = main }
