local orig_type = type
local calls = 0
type = function(v) calls = calls + 1 return orig_type(v) end
print(type(1), type("s"), calls)
type = orig_type
print(type(type), calls)
local old_print = print
local captured = {}
print = function(...) captured[#captured + 1] = table.concat({...}, " ") end
print("captured", "line")
print = old_print
print(#captured, captured[1])
