local mk = loadstring("local x = ... return function() x = x + 1 return x end")
local c1 = mk(10)
local c2 = mk(100)
print(c1(), c1(), c2())
local f = loadstring("return function(a, b) return a * b end")()
print(f(6, 7))
local counter = 0
_G.bump = function() counter = counter + 1 end
loadstring("bump() bump()")()
print(counter)
local code = {}
for i = 1, 5 do code[#code + 1] = "t[" .. i .. "] = " .. i * i end
t = {}
loadstring(table.concat(code, "\n"))()
print(table.concat(t, ","))
local rf = loadstring("local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(...)")
print(rf(20))
