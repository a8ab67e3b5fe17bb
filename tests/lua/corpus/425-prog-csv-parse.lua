local function parse_csv_line(line)
  local fields, pos = {}, 1
  while true do
    if line:sub(pos, pos) == '"' then
      local value, i = "", pos + 1
      while true do
        local c = line:sub(i, i)
        if c == '"' then
          if line:sub(i + 1, i + 1) == '"' then value = value .. '"'; i = i + 2
          else i = i + 1 break end
        elseif c == "" then break
        else value = value .. c; i = i + 1 end
      end
      fields[#fields + 1] = value
      pos = i + 1
    else
      local e = line:find(",", pos, true)
      if e then fields[#fields + 1] = line:sub(pos, e - 1); pos = e + 1
      else fields[#fields + 1] = line:sub(pos); break end
    end
    if pos > #line + 1 then break end
  end
  return fields
end
local data = 'name,age,quote\nAlice,30,"Hello, world"\nBob,,"He said ""hi"""\n"Multi",7,plain'
for line in data:gmatch("[^\n]+") do
  local f = parse_csv_line(line)
  print(#f, table.concat(f, " | "))
end
