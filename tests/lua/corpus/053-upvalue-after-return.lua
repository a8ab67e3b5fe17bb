local function outer()
  local state = "initial"
  local function get() return state end
  local function set(v) state = v end
  set("modified before return")
  return get, set
end
local get, set = outer()
print(get())
set("modified after return")
print(get())
local function gen()
  local list = {}
  return function(v) list[#list + 1] = v return #list, table.concat(list, ",") end
end
local add = gen()
add("a") add("b")
print(add("c"))
local add2 = gen()
print(add2("z"))
