-- golden: lua5.4
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function encode(s)
  return (s:gsub("..?.?", function(chunk)
    local a, b, c = chunk:byte(1, 3)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    local r = {}
    for k = 3, 0, -1 do
      local idx = (n >> (6 * k)) & 63
      r[#r + 1] = chars:sub(idx + 1, idx + 1)
    end
    if not b then r[3], r[4] = "=", "=" elseif not c then r[4] = "=" end
    return table.concat(r)
  end))
end
for _, s in ipairs({"", "M", "Ma", "Man", "Lua 5.4", "bitwise!"}) do print(s, encode(s)) end
local function crc_like(s)
  local h = 5381
  for i = 1, #s do h = ((h << 5) + h + s:byte(i)) & 0xFFFFFFFF end
  return string.format("%08x", h)
end
print(crc_like(""), crc_like("a"), crc_like("hello world"))
