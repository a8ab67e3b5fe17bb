local function f() return 1, 2, 3 end
local function none() end
local t = {f(), f(), f()}
print(#t, t[1], t[2], t[3], t[4], t[5])
t = {f(), none()}
print(#t)
t = {none(), f()}
print(t[1], t[2], t[3], t[4])
t = {[1] = "explicit", f()}
print(t[1], t[2])
t = {x = f(), f()}
print(t.x, #t)
t = {(f())}
print(#t)
