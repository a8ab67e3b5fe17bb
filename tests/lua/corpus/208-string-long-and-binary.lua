local s = string.rep("0123456789", 1000)
print(#s, s:sub(9995, 10000), s:find("789", 9990, true))
local bin = ""
for i = 0, 255 do bin = bin .. string.char(i) end
print(#bin, bin:byte(1), bin:byte(256), bin:sub(66, 68))
print(select(2, bin:gsub("%z", "")) >= 0, #bin:upper(), #bin:lower())
local count = 0
for c in bin:gmatch("[\128-\255]") do count = count + 1 end
print(count)
print(bin:find("\0", 1, true), bin:find("\255", 1, true))
print(#(("\0"):rep(10)))
