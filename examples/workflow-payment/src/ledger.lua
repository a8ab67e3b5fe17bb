-- Activities: each effect is keyed by the activity id (workflow id + step), so a step that
-- runs again after a crash (it completed, but the crash came before it was recorded)
-- writes nothing twice.

local sql = require("sql")

local function db()
  local d = assert(sql.get("app:ledger"))
  d:execute([[CREATE TABLE IF NOT EXISTS ledger (
    key TEXT PRIMARY KEY, order_id TEXT NOT NULL, op TEXT NOT NULL, amount REAL NOT NULL)]])
  return d
end

local function write(op, order, amount)
  local key = ctx.get("activity_id")
  local _, err = db():execute("INSERT OR IGNORE INTO ledger (key, order_id, op, amount) VALUES (?, ?, ?, ?)",
    { key, order, op, amount })
  if err then return nil, err end
  return key
end

return {
  reserve = function(order, amount) return write("reserve", order, amount) end,
  capture = function(order, amount) return write("capture", order, amount) end,
  release = function(order, amount) return write("release", order, amount) end,
}
