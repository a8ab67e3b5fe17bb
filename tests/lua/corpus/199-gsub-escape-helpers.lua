local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
print(escape("1+1=2 (really?) [yes] 100% $5 ^_^ a.b*c-d"))
local text = "cost: $5.00 (approx.)"
print(text:find(escape("$5.00")))
print((text:gsub(escape("(approx.)"), "[exact]")))
local function replace_plain(s, old, new) return (s:gsub(escape(old), (new:gsub("%%", "%%%%")))) end
print(replace_plain("100% sure 100%", "100%", "50%"))
local function trim(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
print("[" .. trim("  \t spaced out \n ") .. "]", "[" .. trim("") .. "]", "[" .. trim("   ") .. "]")
local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. escape(sep)) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c", ",")
print(#parts, table.concat(parts, "|"))
parts = split("x.y.z", ".")
print(#parts, table.concat(parts, "|"))
