-- Return the registry to a version: the tools written and attached after it disappear
-- (the rollback is itself a new version, so it can be undone the same way).
local function main(version)
  local v = tonumber(version)
  if not v then
    io.print("usage: wippy run -x app:rollback <version>   (current: " .. registry.current_version():id() .. ")")
    return 1
  end
  local ok, err = registry.apply_version(v)
  if not ok then
    io.print("error: " .. tostring(err))
    return 1
  end
  io.print("registry version " .. registry.current_version():id() .. " (the state of version " .. v .. ")")
  return 0
end

return { main = main }
