-- golden: lua5.4
local cps = {0, 65, 127, 128, 255, 256, 2047, 2048, 55295, 57344, 65535, 65536, 1114111}
local ok = true
for _, cp in ipairs(cps) do
  local s = utf8.char(cp)
  local back = utf8.codepoint(s)
  if back ~= cp then ok = false print("mismatch", cp, back) end
  io.write(#s, " ")
end
print()
print(ok)
local text = "Grüße, 世界!"
local out = {}
for _, c in utf8.codes(text) do out[#out + 1] = utf8.char(c) end
print(table.concat(out) == text, utf8.len(text), #text)
