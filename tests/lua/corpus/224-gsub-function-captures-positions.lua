print(("abc"):gsub("()(%a)", function(p, c) return c .. p end))
print(("hello world"):gsub("(%w+)", function(w) return #w end))
print(("a b c"):gsub("%a", function(c) if c == "b" then return nil end return c:upper() end))
local n = 0
print(("xxx"):gsub("x", function() n = n + 1 return n end))
print(("2 + 3"):gsub("(%d+) %+ (%d+)", function(a, b) return a + b end))
