// The `migration` module's Lua source. It follows the reference framework's migration
// library (wippy/migration) so migration entries written for it run unchanged:
//
//   return require("migration").define(function()
//     migration("create users", function()
//       database("sqlite", function()
//         up(function(db) db:execute("CREATE TABLE users (...)") end)
//         down(function(db) db:execute("DROP TABLE users") end)
//       end)
//     end)
//   end)
//
// `define` returns the entry's function: called with {database_id, direction, id, force}
// it records applied migrations in `_migrations` (the framework's table and schema), runs
// each `up` (or `down`) and `after` in one transaction, and reports
// {status, migrations, total, applied, skipped, failed}. Written in Lua because `up` and
// `down` run Lua that may wait on the database.

export const MIGRATION_LUA = String.raw`
local M = {}

local SCHEMAS = {
  postgres = [[CREATE TABLE IF NOT EXISTS _migrations (
    id VARCHAR(512) PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT NOW(),
    description TEXT)]],
  sqlite = [[CREATE TABLE IF NOT EXISTS _migrations (
    id VARCHAR(512) PRIMARY KEY,
    applied_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    description TEXT)]],
}

-- Collect the migrations a definition declares, with the DSL as the caller's globals.
local function collect(fn)
  local list, cur, db = {}, nil, nil
  local function need(v, what) if not v then error(what, 3) end end
  set_globals({
    migration = function(description, body)
      if type(description) ~= "string" then error("Migration description must be a string", 2) end
      if type(body) ~= "function" then error("Migration definition must be a function", 2) end
      local saved = cur
      cur = { description = description, database_implementations = {} }
      local ok, err = pcall(body)
      local m = cur
      cur = saved
      if not ok then error("Error in migration definition: " .. tostring(err), 0) end
      list[#list + 1] = m
      return m
    end,
    database = function(kind, body)
      need(cur, "database() must be called within a migration block")
      if type(kind) ~= "string" then error("Database type must be a string", 2) end
      local saved = db
      db = { type = kind }
      local ok, err = pcall(body)
      local impl = db
      db = saved
      if not ok then error("Error in database implementation: " .. tostring(err), 0) end
      cur.database_implementations[kind] = impl
    end,
    up = function(f) need(db, "up() must be called within a database block"); db.up = f end,
    down = function(f) need(db, "down() must be called within a database block"); db.down = f end,
    after = function(f) need(db, "after() must be called within a database block"); db.after = f end,
  })
  fn()
  return list
end

local function is_applied(db, id)
  local rows, err = db:query("SELECT COUNT(*) AS count FROM _migrations WHERE id = $1", { id })
  if err then return nil, err end
  return rows[1].count > 0
end

local function apply(m, db, kind, opts)
  local impl = m.database_implementations[kind]
  local result = { description = m.description, name = m.description }
  local step = opts.direction == "down" and impl.down or impl.up
  if not step then
    result.status = "error"
    result.error = "Missing '" .. opts.direction .. "' implementation for " .. kind
    return result
  end
  if opts.direction == "up" and not opts.force then
    local applied, err = is_applied(db, opts.id)
    if err then result.status = "error"; result.error = "Failed to check migration status: " .. tostring(err); return result end
    if applied then result.status = "skipped"; result.reason = "Migration already applied"; return result end
  end
  local tx, err = db:begin()
  if not tx then result.status = "error"; result.error = "Failed to start transaction: " .. tostring(err); return result end
  local ok, step_err = pcall(step, tx)
  if ok then
    local _, rec_err
    if opts.direction == "up" then
      _, rec_err = tx:execute("INSERT INTO _migrations (id, description) VALUES ($1, $2)", { opts.id, m.description })
      if not rec_err and impl.after then
        local after_ok, after_err = pcall(impl.after, tx)
        if not after_ok then rec_err = "After hook failed: " .. tostring(after_err) end
      end
    else
      _, rec_err = tx:execute("DELETE FROM _migrations WHERE id = $1", { opts.id })
    end
    if rec_err then ok, step_err = false, rec_err end
  end
  if not ok then
    tx:rollback()
    result.status = "error"
    result.error = tostring(step_err)
    return result
  end
  local committed, commit_err = tx:commit()
  if not committed then result.status = "error"; result.error = "Failed to commit transaction: " .. tostring(commit_err); return result end
  result.status = opts.direction == "down" and "reverted" or "applied"
  return result
end

function M.run(fn, options)
  local opts = options or {}
  opts.direction = opts.direction or "up"
  if opts.direction ~= "up" and opts.direction ~= "down" then
    return { status = "error", error = "Invalid direction: must be 'up' or 'down'" }
  end
  if not opts.id then return { status = "error", error = "Migration ID is required" } end
  local db, err = opts.db, nil
  if not db then
    if not opts.database_id then return { status = "error", error = "Database ID or connection is required" } end
    db, err = sql.get(tostring(opts.database_id))
    if not db then return { status = "error", error = "Failed to connect to database: " .. tostring(err) } end
  end
  local kind = db:type()
  local schema = SCHEMAS[kind]
  if not schema then return { status = "error", error = "Unsupported database type: " .. tostring(kind) } end
  local _, init_err = db:execute(schema)
  if init_err then return { status = "error", error = "Failed to initialize migration tracking table: " .. tostring(init_err) } end
  local ok, list = pcall(collect, fn)
  if not ok then return { status = "error", error = "Failed to define migration: " .. tostring(list) } end
  local results = { status = "success", migrations = {}, total = #list, applied = 0, skipped = 0, failed = 0, skipped_reasons = {}, db_type = kind }
  for _, m in ipairs(list) do
    if m.database_implementations[kind] then
      local r = apply(m, db, kind, opts)
      results.migrations[#results.migrations + 1] = r
      if r.status == "applied" or r.status == "reverted" then
        results.applied = results.applied + 1
      elseif r.status == "skipped" then
        results.skipped = results.skipped + 1
        results.skipped_reasons[#results.skipped_reasons + 1] = { name = r.name, reason = r.reason }
      else
        results.failed = results.failed + 1
        if not opts.force then
          results.status = "error"
          results.error = r.error
          break
        end
      end
    else
      results.skipped = results.skipped + 1
      results.skipped_reasons[#results.skipped_reasons + 1] = { name = m.description, reason = "No implementation for database type: " .. kind }
    end
  end
  return results
end

function M.define(fn)
  if type(fn) ~= "function" then error("Migration definition must be a function", 2) end
  return function(options) return M.run(fn, options) end
end

return M
`;
