local function try(p) local ok, e = pcall(string.find, "abc", p) print(p, ok, ok and "" or e) end
try("%")
try("[a")
try("[")
try("(a")
try("%f")
try("(()")
