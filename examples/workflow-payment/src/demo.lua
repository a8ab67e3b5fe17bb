-- Start two payments (their ids make the starts idempotent: running the demo again
-- returns the same runs), confirm one, and print how both ended and what the ledger holds.

local function main()
  local a = workflow.start("app:payment", { id = "order-1001" }, { id = "1001", amount = 25, timeout = "5s" })
  local b = workflow.start("app:payment", { id = "order-1002" }, { id = "1002", amount = 40, timeout = "300ms" })

  time.sleep("50ms")
  workflow.signal("order-1001", "confirm", { by = "alice" })

  for _, id in ipairs({ a, b }) do
    local r, err = workflow.wait(id)
    if err then
      io.print(id .. ": failed: " .. tostring(err))
    else
      io.print(string.format("%s: %s %d%s", id, r.status, r.amount, r.by and (" (confirmed by " .. r.by .. ")") or ""))
    end
  end

  local rows = sql.get("app:ledger"):query("SELECT order_id, op, amount FROM ledger ORDER BY order_id, op")
  for _, row in ipairs(rows) do
    io.print(string.format("ledger: %s %s %d", row.order_id, row.op, row.amount))
  end
  return 0
end

return { main = main }
