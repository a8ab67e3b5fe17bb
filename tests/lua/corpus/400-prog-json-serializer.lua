local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end
local escapes = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r"}
local function encode(v, indent, depth)
  depth = depth or 0
  local t = type(v)
  if t == "nil" then return "null"
  elseif t == "boolean" then return tostring(v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if v == math.floor(v) then return string.format("%d", v) end
    return string.format("%.4f", v):gsub("0+$", "")
  elseif t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end) .. '"'
  elseif t == "table" then
    local arr, n = is_array(v)
    local parts = {}
    if arr and n > 0 then
      for i = 1, n do parts[i] = encode(v[i], indent, depth + 1) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do
      local val = v[k]
      if val == nil then val = v[tonumber(k)] end
      parts[i] = encode(k) .. ":" .. encode(val, indent, depth + 1)
    end
    if #parts == 0 then return "{}" end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode " .. t)
end
print(encode({1, 2, 3}))
print(encode({name = "Lua", version = 5.1, tags = {"fast", "small"}, nested = {a = {b = {c = true}}}}))
print(encode({"quote\"", "back\\slash", "new\nline", "tab\t", "ctrl\1"}))
print(encode({}), encode(""), encode(0), encode(-12), encode(3.25), encode(false))
print(encode({[1] = "a", [2] = "b", x = 1}))
print(pcall(encode, print))
