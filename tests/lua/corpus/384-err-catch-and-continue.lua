local results = {}
local inputs = {"10", "x", "30", nil, "50"}
for i = 1, 5 do
  local ok, v = pcall(function()
    local n = tonumber(inputs[i])
    if not n then error("bad input #" .. i, 0) end
    return n * 2
  end)
  results[#results + 1] = ok and tostring(v) or ("ERR(" .. v .. ")")
end
print(table.concat(results, " "))
local function safe_div(a, b)
  if b == 0 then error({code = "DIV0", a = a}) end
  return a / b
end
for _, pair in ipairs({{10, 2}, {1, 0}, {9, 3}}) do
  local ok, r = pcall(safe_div, pair[1], pair[2])
  if ok then print("ok", r) else print("err", r.code, r.a) end
end
