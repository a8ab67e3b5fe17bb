-- golden: lua5.4
print(pcall(function() for i = nil, 10 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 10, "x" do end end))
