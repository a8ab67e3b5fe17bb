-- A ring member: forwards every token to the next member; token 0 is forwarded, then it ends.
local function main(next)
  local inbox = process.inbox()
  while true do
    local v = inbox:receive():payload():data()
    process.send(next, "t", v)
    if v == 0 then return 0 end
  end
end

return { main = main }
