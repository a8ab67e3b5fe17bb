local mt = getmetatable("")
print(type(mt), mt.__index == string)
string.shout = function(s) return s:upper() .. "!" end
print(("hello"):shout())
string.shout = nil
print(pcall(function() return ("x"):shout() end) == false)
local s = "abc"
print(type(s.len), s.len == string.len)
print(("abc").upper("xyz"))
print(#"abc", s:len(), s["len"](s))
