local function capitalize(s) return (s:gsub("(%a)(%a*)", function(a, b) return a:upper() .. b:lower() end)) end
print(capitalize("hELLO wORLD from LUA"))
local function count_vowels(s) return select(2, s:lower():gsub("[aeiou]", "")) end
print(count_vowels("The Quick Brown Fox"))
local function is_palindrome(s) s = s:lower():gsub("[^%a]", "") return s == s:reverse() end
print(is_palindrome("A man, a plan, a canal: Panama"), is_palindrome("hello"))
local function camel_to_snake(s) return (s:gsub("(%l)(%u)", "%1_%2"):lower()) end
print(camel_to_snake("someVariableName"), camel_to_snake("HTTPServer"))
local function wrap(s, width)
  local lines, line = {}, ""
  for word in s:gmatch("%S+") do
    if #line + #word + 1 > width and #line > 0 then lines[#lines + 1] = line; line = word
    else line = (#line > 0) and (line .. " " .. word) or word end
  end
  if #line > 0 then lines[#lines + 1] = line end
  return lines
end
for _, l in ipairs(wrap("the quick brown fox jumps over the lazy dog again and again", 16)) do print("[" .. l .. "]") end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
print(hex("Lua\0\255"))
local function unhex(h) return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end)) end
print(unhex("4c7561"))
