local Builder = {}
Builder.__index = Builder
function Builder.new() return setmetatable({parts = {}, len = 0}, Builder) end
function Builder:add(...)
  for i = 1, select("#", ...) do
    local s = tostring((select(i, ...)))
    self.parts[#self.parts + 1] = s
    self.len = self.len + #s
  end
  return self
end
function Builder:line(...) return self:add(...):add("\n") end
function Builder:indent(n, s) return self:add(string.rep("  ", n), s, "\n") end
Builder.__tostring = function(b) return table.concat(b.parts) end
Builder.__len = function(b) return b.len end
local b = Builder.new()
b:line("function f()"):indent(1, "local x = 1"):indent(1, "if x then"):indent(2, "return x"):indent(1, "end"):line("end")
print((tostring(b):gsub("\n$", "")))
print(b.len, #tostring(b))
local big = Builder.new()
for i = 1, 1000 do big:add(i, ",") end
print(big.len, tostring(big):sub(1, 20))
