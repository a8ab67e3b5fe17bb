-- golden: lua5.4
-- the fourth value of a generic for is closed when the loop ends, however it ends
local function func2close(f) return setmetatable({}, {__close = f}) end
local numopen = 0
local function open(x)
  numopen = numopen + 1
  return function() x = x - 1; if x > 0 then return x end end, nil, nil,
    func2close(function(_, err) numopen = numopen - 1; if err then print("closed by", err) end end)
end
local s = 0
for i in open(10) do s = s + i end
print(s, numopen)
s = 0
for i in open(10) do if i < 5 then break end; s = s + i end
print(s, numopen)
local function f() for i in open(10) do if i < 7 then return i end end end
print(f(), numopen)
print(pcall(function() for i in open(10) do error("boom", 0) end end))
print(numopen)
for i in open(3) do
  for j in open(3) do
    if j == 1 then goto out end
  end
end
::out::
print(numopen)
print(pcall(function() for i in next, {}, nil, 42 do end end))
-- inside the loop, `return f()` is not a tail call: the value is closed after f runs
local closed = false
local function iter() return function() return true end, 0, 0, func2close(function() closed = true end) end
local function tail() return closed end
local function foo() for k in iter() do return tail() end end
print(foo(), closed)
