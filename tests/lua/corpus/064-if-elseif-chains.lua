local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function grade(s)
  if s >= 90 then return "A"
  elseif s >= 80 then return "B"
  elseif s >= 70 then return "C"
  elseif s >= 60 then return "D"
  else return "F" end
end
local out = {}
for _, s in ipairs({95, 85, 75, 65, 55, 90, 80, 0, 100}) do out[#out + 1] = grade(s) end
print(table.concat(out))
local function classify(v)
  if type(v) == "number" then
    if v ~= v then return "nan" elseif v == math.floor(v) then return "int" else return "float" end
  elseif type(v) == "string" then
    if tonumber(v) then return "numeric string" end
    return "string"
  elseif v == nil then return "nil"
  end
  return type(v)
end
for _, v in ipairs({1, 1.5, "2", "x", true, {}}) do write(classify(v), "; ") end
write(classify(nil), "\t", classify(0 / 0)) flush()
if nil then print("no") elseif false then print("no") else print("else branch") end
if 0 then print("0 is true") end
if "" then print("empty string is true") end
