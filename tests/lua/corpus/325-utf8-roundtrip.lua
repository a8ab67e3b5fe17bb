-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local cps = {0, 65, 127, 128, 255, 256, 2047, 2048, 55295, 57344, 65535, 65536, 1114111}
local ok = true
for _, cp in ipairs(cps) do
  local s = utf8.char(cp)
  local back = utf8.codepoint(s)
  if back ~= cp then ok = false print("mismatch", cp, back) end
  write(#s, " ")
end
flush()
print(ok)
local text = "Grüße, 世界!"
local out = {}
for _, c in utf8.codes(text) do out[#out + 1] = utf8.char(c) end
print(table.concat(out) == text, utf8.len(text), #text)
