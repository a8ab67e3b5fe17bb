-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function()
  local x = 5
  if x > 10 then
    return 1
  elseif x.field then
    return 2
  end
end)
try(function()
  local n = 0
  while n < undefined_limit do
    n = n + 1
  end
end)
try(function()
  for k, v in nil_iter_fn() do
  end
end)
try(function()
  repeat
    local v = 1
  until v.done
end)
