local x = 1
do local x = 2; print(x) end
print(x)
do
  local a = "a"
  do
    local b = a .. "b"
    do print(b .. "c") end
  end
end
local function f()
  do return "early" end
end
print(f())
do
  local t = {}
  for i = 1, 3 do t[i] = i end
  print(#t)
end
print(t)
