local function make_counter(start, step)
  local n = start or 0
  step = step or 1
  return {
    inc = function() n = n + step return n end,
    dec = function() n = n - step return n end,
    get = function() return n end,
    reset = function() n = start or 0 end,
  }
end
local c1 = make_counter()
local c2 = make_counter(100, 10)
c1.inc() c1.inc() c2.dec()
print(c1.get(), c2.get())
c1.reset()
print(c1.get(), c2.inc(), c2.inc())
local gens = {}
for i = 1, 3 do gens[i] = make_counter(i * 1000) end
gens[2].inc()
print(gens[1].get(), gens[2].get(), gens[3].get())
