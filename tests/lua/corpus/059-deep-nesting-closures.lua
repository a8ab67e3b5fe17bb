local function level1(a)
  return function(b)
    return function(c)
      return function(d)
        return function(e)
          return a + b + c + d + e, function() a = a * 10 return a end
        end
      end
    end
  end
end
local r, mut = level1(1)(2)(3)(4)(5)
print(r, mut(), mut())
local function compose(...)
  local fs = {...}
  return function(x)
    for i = #fs, 1, -1 do x = fs[i](x) end
    return x
  end
end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl, inc)(5), compose()(7), compose(dbl, dbl, dbl, dbl)(1))
