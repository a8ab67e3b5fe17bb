local function days_in_month(y, m)
  return tonumber(os.date("!%d", os.time({year = y, month = m + 1, day = 0, hour = 12})))
end
local function calendar(y, m)
  local first = os.time({year = y, month = m, day = 1, hour = 12})
  local wday = tonumber(os.date("!%w", first))
  print(os.date("!%B %Y", first))
  print("Su Mo Tu We Th Fr Sa")
  local line = string.rep("   ", wday)
  local col = wday
  for d = 1, days_in_month(y, m) do
    line = line .. string.format("%2d", d)
    col = col + 1
    if col == 7 then print(line) line = "" col = 0 else line = line .. " " end
  end
  if line ~= "" then print((line:gsub("%s+$", ""))) end
end
calendar(2024, 2)
calendar(2023, 10)
print(days_in_month(2023, 2), days_in_month(2024, 2), days_in_month(2100, 2), days_in_month(2000, 2))
