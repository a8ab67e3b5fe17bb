local function count(...) return select("#", ...) end
local function fwd(...) return count(...) end
local function fwd_extra(...) return count(..., "extra") end
local function fwd_prefix(...) return count("p", ...) end
print(fwd(), fwd(nil), fwd(nil, nil), fwd(1, nil, nil))
print(fwd_extra(), fwd_extra(1, 2, 3), fwd_prefix(), fwd_prefix(nil, nil))
local function wrap(f) return function(...) return f(...) end end
local wc = wrap(count)
print(wc(nil, nil, nil), wc())
local function vararg_table(...) local t = {n = select("#", ...), ...} return t.n, #t end
print(vararg_table(1, 2, 3))
local function second(...) local _, b = ... return b end
print(second("a", "b", "c"), second("a"))
local function va_in_middle(...) return ..., "end" end
print(va_in_middle(1, 2, 3))
