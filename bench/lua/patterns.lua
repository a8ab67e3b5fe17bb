-- Pattern matching over a large text: gsub (function, string and table replacements),
-- gmatch, find (plain and pattern), match with captures.

-- build ~2.6 MB of log-like text before the timed section
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
  "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma" }
local lines = {}
local seed = 12345
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
for i = 1, 40000 do
  local w1, w2, w3 = words[rnd(#words) + 1], words[rnd(#words) + 1], words[rnd(#words) + 1]
  lines[i] = string.format("2024-%02d-%02d %s user=%s id=%d msg=\"%s %s done\" code=%d",
    rnd(12) + 1, rnd(28) + 1, (rnd(10) == 0) and "ERROR" or "INFO", w1, rnd(100000), w2, w3, rnd(600))
end
local text = table.concat(lines, "\n")

local t0 = os.clock()
local h = 0

-- gmatch: word frequencies
local freq = {}
local nwords = 0
for w in string.gmatch(text, "%a+") do
  freq[w] = (freq[w] or 0) + 1
  nwords = nwords + 1
end
h = h + nwords + (freq.alpha or 0) * 3 + (freq.ERROR or 0) * 7

-- gmatch with captures: key=value pairs
local sumid, nkv = 0, 0
for k, v in string.gmatch(text, "(%a+)=(%w+)") do
  nkv = nkv + 1
  if k == "id" then sumid = sumid + tonumber(v) end
end
h = h + nkv + sumid

-- gsub with a string replacement and captures
local swapped, n1 = string.gsub(text, "(%a+)=(%w+)", "%2=%1")
h = h + n1 + #swapped

-- gsub with a function replacement
local n2 = 0
local upper = string.gsub(text, "%f[%a]%a%a%a%a+", function(w)
  n2 = n2 + 1
  if #w > 6 then return string.upper(w) end
end)
h = h + n2 + #upper + string.byte(upper, 100)

-- gsub with a table replacement
local map = { alpha = "A", beta = "B", gamma = "G" }
local replaced, n3 = string.gsub(text, "%a+", map)
h = h + n3 + #replaced

-- find: plain and pattern, walking the text
local nerr, pos = 0, 1
while true do
  local s, e = string.find(text, "ERROR", pos, true)
  if not s then break end
  nerr = nerr + 1
  pos = e + 1
end
local ncode, p = 0, 1
while true do
  local s, e, code = string.find(text, "code=(%d+)", p)
  if not s then break end
  if tonumber(code) >= 500 then ncode = ncode + 1 end
  p = e + 1
end
h = h + nerr * 11 + ncode * 13

-- match per line
local dates = 0
for i = 1, #lines do
  local y, m, d = string.match(lines[i], "^(%d+)%-(%d+)%-(%d+)")
  dates = dates + tonumber(m) * 31 + tonumber(d)
  local user = string.match(lines[i], "user=(%w+)")
  if user == "sigma" then dates = dates + 1 end
end
h = h + dates

local elapsed = os.clock() - t0
print(string.format("checksum %.0f %d", h, #text))
print(string.format("time %.6f", elapsed))
