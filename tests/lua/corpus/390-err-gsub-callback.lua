print(pcall(string.gsub, "abc", "%w", function(c) if c == "b" then error("no b allowed", 0) end end))
local ok, e = pcall(function() return ("x"):gsub("x", function() error({}) end) end)
print(ok, type(e))
for w in ("a b"):gmatch("%a") do
  local ok2, e2 = pcall(function() if w == "b" then error("in loop " .. w, 0) end return w end)
  print(ok2, e2)
end
