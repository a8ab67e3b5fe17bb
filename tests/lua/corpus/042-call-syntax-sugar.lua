local function f(x) return type(x) == "table" and ("table:" .. tostring(x[1] or x.k)) or ("str:" .. x) end
print(f"literal")
print(f[[long literal]])
print(f{"tbl"})
print(f{k = "keyed"})
local obj = {}
function obj:m(x) return "m(" .. (type(x) == "table" and x[1] or x) .. ")" end
print(obj:m"s", obj:m{"t"}, obj:m[[L]])
print(type(f), (f)"paren")
local chain = {get = function() return function(s) return s .. "!" end end}
print(chain.get()"chained")
print(("%d"):rep(2):format(1, 2))
