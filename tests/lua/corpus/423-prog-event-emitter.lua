local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({handlers = {}}, Emitter) end
function Emitter:on(ev, fn) local h = self.handlers[ev] or {} h[#h + 1] = fn self.handlers[ev] = h return self end
function Emitter:once(ev, fn)
  local wrapper
  wrapper = function(...) self:off(ev, wrapper) return fn(...) end
  return self:on(ev, wrapper)
end
function Emitter:off(ev, fn)
  local h = self.handlers[ev]
  if not h then return end
  for i = #h, 1, -1 do if h[i] == fn then table.remove(h, i) end end
end
function Emitter:emit(ev, ...)
  local h = self.handlers[ev]
  if not h then return 0 end
  local snapshot = {unpack(h)}
  for _, fn in ipairs(snapshot) do fn(...) end
  return #snapshot
end
local e = Emitter.new()
local log = {}
e:on("msg", function(x) log[#log + 1] = "A:" .. x end)
e:once("msg", function(x) log[#log + 1] = "once:" .. x end)
e:on("msg", function(x, y) log[#log + 1] = "B:" .. x .. (y or "") end)
print(e:emit("msg", "1"), e:emit("msg", "2", "!"), e:emit("none"))
print(table.concat(log, " "))
