local function caesar(s, k)
  return (s:gsub("%a", function(c)
    local base = c:match("%l") and 97 or 65
    return string.char((c:byte() - base + k) % 26 + base)
  end))
end
local msg = "Hello, World! The quick brown fox."
local enc = caesar(msg, 3)
print(enc)
print(caesar(enc, -3))
print(caesar(msg, 13))
print(caesar(caesar(msg, 13), 13) == msg)
local function vigenere(s, key)
  local ki = 0
  return (s:gsub("%a", function(c)
    ki = ki % #key + 1
    local shift = key:byte(ki) - 65
    local base = c:match("%l") and 97 or 65
    return string.char((c:byte() - base + shift) % 26 + base)
  end))
end
print(vigenere("ATTACKATDAWN", "LEMON"))
