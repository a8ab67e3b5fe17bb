local function inner() error("inner error", 0) end
local function handler(e) return "handled<" .. e .. ">" end
print(xpcall(function()
  local ok, e = pcall(inner)
  return "pcall inside: " .. tostring(ok) .. " " .. e
end, handler))
print(xpcall(function()
  return xpcall(inner, function(e) return "inner handler: " .. e end)
end, handler))
print(xpcall(function()
  local ok, e = xpcall(inner, function(e) return e .. "+1" end)
  error(e .. "+2", 0)
end, handler))
print(pcall(xpcall, inner, handler))
