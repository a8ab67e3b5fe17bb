-- The payment workflow. Ordinary Lua: every funcs.call (an activity), time.after and
-- signal receive is recorded, so after a crash the run replays to where it was and goes on.
-- Cancellation: a durable wait (funcs.call, time.sleep) raises a CANCELED error; a channel
-- receive or select returns ok = false.

local function main(order)
  local ledger = funcs.new():with_options({
    ["activity.retry_policy"] = { initial_interval = "100ms", backoff_coefficient = 2, maximum_attempts = 5 },
    ["activity.start_to_close_timeout"] = "10s",
  })

  local hold, err = ledger:call("app:reserve", order.id, order.amount)
  if err then return nil, err end
  logger:info("reserved", { order = order.id, hold = hold })

  -- wait for the customer's confirmation, at most order.timeout
  local confirm = process.listen("confirm")
  local deadline = time.after(order.timeout or "5s")
  local r = channel.select { confirm:case_receive(), deadline:case_receive() }

  if not r.ok then
    -- the run was canceled (`wippy workflow cancel ID`): its channels close; compensate
    ledger:call("app:release", order.id, order.amount)
    return nil, errors.new({ kind = errors.CANCELED, message = "payment canceled; the reservation was released" })
  end

  if r.channel == confirm then
    local receipt, cerr = ledger:call("app:capture", order.id, order.amount)
    if cerr then
      ledger:call("app:release", order.id, order.amount)
      return nil, cerr
    end
    return { order = order.id, status = "paid", amount = order.amount, receipt = receipt, by = r.value and r.value.by }
  end

  ledger:call("app:release", order.id, order.amount)
  return { order = order.id, status = "expired", amount = order.amount }
end

return { main = main }
