local function pair()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local get, set = pair()
print(get())
set(42)
print(get())
local get2, set2 = pair()
set2(7)
print(get(), get2())
local x = 1
local function readx() return x end
x = 2
print(readx())
local function outer()
  local a = 1
  local function mid()
    local function inner() a = a + 1; return a end
    return inner
  end
  local i1, i2 = mid(), mid()
  return i1(), i2(), i1(), a
end
print(outer())
