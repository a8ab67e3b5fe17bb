local function map(f, it) return function() local v = it() if v ~= nil then return f(v) end end end
local function filter(p, it)
  return function()
    while true do
      local v = it()
      if v == nil or p(v) then return v end
    end
  end
end
local function take(n, it) local c = 0 return function() c = c + 1 if c <= n then return it() end end end
local function naturals() local i = 0 return function() i = i + 1 return i end end
local function collect(it) local t = {} for v in it do t[#t + 1] = v end return t end
print(table.concat(collect(take(5, naturals())), " "))
print(table.concat(collect(take(5, map(function(x) return x * x end, naturals()))), " "))
print(table.concat(collect(take(5, filter(function(x) return x % 3 == 0 end, naturals()))), " "))
local function zip(a, b) return function() local x, y = a(), b() if x ~= nil and y ~= nil then return x .. y end end end
local function from(t) local i = 0 return function() i = i + 1 return t[i] end end
print(table.concat(collect(zip(from({"a", "b", "c"}), from({1, 2}))), " "))
local function reduce(f, acc, it) for v in it do acc = f(acc, v) end return acc end
print(reduce(function(a, b) return a + b end, 0, take(100, naturals())))
