-- golden: lua5.4
for p, c in utf8.codes("aä€😀") do io.write(p, ":", c, " ") end print()
for p, c in utf8.codes("") do print("never") end
local n = 0
for _ in utf8.codes("héllo wörld") do n = n + 1 end
print(n)
print(pcall(function() for p, c in utf8.codes("a\xffb") do end end))
