local text = [[
The quick brown fox jumps over the lazy dog. The dog barks; the fox runs!
A quick brown dog? No -- the QUICK fox. Dogs and foxes, foxes and dogs.
]]
local freq = {}
local total = 0
for word in text:lower():gmatch("%a+") do
  freq[word] = (freq[word] or 0) + 1
  total = total + 1
end
local words = {}
for w in pairs(freq) do words[#words + 1] = w end
table.sort(words, function(a, b)
  if freq[a] ~= freq[b] then return freq[a] > freq[b] end
  return a < b
end)
print("total", total, "unique", #words)
for i = 1, #words do print(string.format("%-6s %d", words[i], freq[words[i]])) end
