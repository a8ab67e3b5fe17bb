local n = 42
print(("x"):rep(3), (tostring(n)):len(), #tostring(n))
print(string.len(123), string.upper(12), string.rep(12, 2))
print(string.byte(5), string.sub(123456, 2, 4), string.reverse(123))
print(string.find(12345, 34), string.match(2024, "%d%d$"), string.gsub(1111, 1, 2))
print(string.format("%s", 10 / 2), string.format("%d", "7"))
