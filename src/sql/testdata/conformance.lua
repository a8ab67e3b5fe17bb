-- The sql module against a real database, the same script for every driver. Each check
-- prints "ok <name>" or "FAIL <name>: <why>"; the test reads the lines.
local function check(name, cond, why)
  if cond then io.print("ok " .. name) else io.print("FAIL " .. name .. ": " .. tostring(why)) end
end

local function main(id)
  local db, err = sql.get(id)
  if not db then io.print("FAIL get: " .. tostring(err)) return end
  local kind = db:type()
  check("type", kind == "sqlite" or kind == "postgres", kind)
  local blob_type = kind == "postgres" and "BYTEA" or "BLOB"
  local id_col = kind == "postgres" and "BIGSERIAL PRIMARY KEY" or "INTEGER PRIMARY KEY AUTOINCREMENT"

  local _, e = db:execute("CREATE TABLE items (id " .. id_col .. ", name TEXT NOT NULL UNIQUE, qty BIGINT, price DOUBLE PRECISION, data " .. blob_type .. ", note TEXT)")
  check("create", e == nil, e)

  -- ? placeholders work on every driver (rewritten to $n on PostgreSQL)
  local r, e2 = db:execute("INSERT INTO items (name, qty, price, data, note) VALUES (?, ?, ?, ?, ?)",
    {"widget", 9007199254740991, 2.5, sql.as.binary("\0\1\255bytes"), sql.NULL})
  check("insert", r and r.rows_affected == 1, e2)
  if kind == "sqlite" then check("last_insert_id", r and r.last_insert_id == 1, r and r.last_insert_id) end
  -- $n placeholders work on every driver (SQLite binds them by position)
  local _, e3 = db:execute("INSERT INTO items (name, qty, note) VALUES ($1, $2, $3)", {"gädget ✓", 7, sql.NULL})
  check("insert_dollar", e3 == nil, e3)

  local rows, qe = db:query("SELECT name, qty, price, data, note FROM items ORDER BY qty DESC")
  check("query", rows and #rows == 2, qe)
  check("bigint", rows[1].qty == 9007199254740991, rows[1].qty)
  check("float", rows[1].price == 2.5, rows[1].price)
  check("blob", rows[1].data == "\0\1\255bytes" and #rows[1].data == 8, rows[1].data)
  check("null_is_nil", rows[1].note == nil and rows[2].note == nil and rows[2].price == nil, rows[2].price)
  check("utf8", rows[2].name == "gädget ✓", rows[2].name)
  check("integer_type", math.type == nil or math.type(rows[2].qty) ~= "float" or rows[2].qty == 7, rows[2].qty)

  -- injection through parameters is impossible: the value is data, never SQL
  local evil = "x'); DROP TABLE items; --"
  local _, ie = db:execute("INSERT INTO items (name) VALUES (?)", {evil})
  check("injection_insert", ie == nil, ie)
  local found = db:query("SELECT name FROM items WHERE name = ?", {evil})
  check("injection_roundtrip", found and #found == 1 and found[1].name == evil, found and #found)
  local none = db:query("SELECT name FROM items WHERE name = ?", {"' OR '1'='1"})
  check("injection_where", none and #none == 0, none and #none)
  local still = db:query("SELECT COUNT(*) AS n FROM items")
  check("table_survives", still and still[1].n == 3, still and still[1].n)

  -- errors are values with kinds, never crashes
  local _, se = db:query("SELEKT nonsense")
  check("syntax_error", se and se:kind() == errors.INVALID, se and se:kind())
  local _, ce = db:execute("INSERT INTO items (name) VALUES (?)", {"widget"})
  check("constraint", ce and ce:kind() == errors.CONFLICT, ce and (ce:kind() .. " " .. ce:message()))
  local _, be = db:query("SELECT ?", {{nested = true}})
  check("bad_param", be and be:kind() == errors.INVALID, be)
  local _, me = db:query("SELECT * FROM no_such_table")
  check("missing_table", me and me:kind() == errors.INVALID, me and me:kind())

  -- transactions
  local tx, te = db:begin()
  check("begin", tx ~= nil, te)
  check("tx_type", tx:db_type() == kind, tx:db_type())
  tx:execute("UPDATE items SET qty = qty + 1 WHERE name = ?", {"widget"})
  tx:rollback()
  local after = db:query("SELECT qty FROM items WHERE name = ?", {"widget"})
  check("rollback", after[1].qty == 9007199254740991, after[1].qty)
  local _, ie2 = tx:execute("SELECT 1")
  check("tx_inactive", ie2 and ie2:kind() == errors.INVALID and ie2:message():find("not active") ~= nil, ie2)

  tx = db:begin({isolation = sql.isolation.SERIALIZABLE})
  tx:execute("INSERT INTO items (name, qty) VALUES (?, ?)", {"a", 1})
  tx:savepoint("sp1")
  tx:execute("INSERT INTO items (name, qty) VALUES (?, ?)", {"b", 2})
  tx:rollback_to("sp1")
  local _, bad_sp = tx:savepoint("bad name;")
  check("bad_savepoint", bad_sp and bad_sp:kind() == errors.INVALID, bad_sp)
  local ok, ce2 = tx:commit()
  check("commit", ok == true, ce2)
  local ab = db:query("SELECT name FROM items WHERE name IN (?, ?) ORDER BY name", {"a", "b"})
  check("savepoint", #ab == 1 and ab[1].name == "a", #ab)

  -- prepared statements
  local st = db:prepare("SELECT name FROM items WHERE qty = ?")
  local p1 = st:query({1})
  check("prepared", #p1 == 1 and p1[1].name == "a", #p1)
  st:close()
  local _, ste = st:query({1})
  check("stmt_closed", ste and ste:kind() == errors.INVALID, ste)

  -- the builder
  local b = sql.builder
  local q = b.select("name", "qty"):from("items"):where({name = {"a", "widget"}}):order_by("name"):limit(10)
  local s, args = q:to_sql()
  check("builder_sql", s == "SELECT name, qty FROM items WHERE name IN (?,?) ORDER BY name LIMIT 10", s)
  check("builder_args", #args == 2 and args[1] == "a", #args)
  local br = q:run_with(db):query()
  check("builder_query", br and #br == 2 and br[1].name == "a", br and #br)
  local ds = b.select("*"):from("t"):where(b.and_({b.gt({qty = 1}), b.or_({b.eq({name = "x"}), b.like({name = "y%"})})})):placeholder_format(b.dollar):to_sql()
  check("builder_dollar", ds == "SELECT * FROM t WHERE (qty > $1 AND (name = $2 OR name LIKE $3))", ds)
  local ins = b.insert("items"):columns("name", "qty"):values("c", 3):values("d", 4)
  local ir = ins:run_with(db):exec()
  check("builder_insert", ir and ir.rows_affected == 2, ir)
  local upd = b.update("items"):set("qty", b.expr("qty * ?", 10)):where("name = ?", "c")
  local ur = upd:run_with(db):exec()
  check("builder_update", ur and ur.rows_affected == 1, ur)
  local c = db:query("SELECT qty FROM items WHERE name = 'c'")
  check("builder_expr", c[1].qty == 30, c[1].qty)
  local base = b.select("name"):from("items")
  local filtered = base:where({name = "d"})
  check("builder_immutable", select(1, base:to_sql()) == "SELECT name FROM items", (base:to_sql()))
  check("builder_filtered", #filtered:run_with(db):query() == 1, "")
  local dr = b.delete("items"):where(b.eq({name = {"c", "d"}})):run_with(db):exec()
  check("builder_delete", dr and dr.rows_affected == 2, dr)
  local txb = db:begin()
  b.insert("items"):set_map({name = "e", qty = 5}):run_with(txb):exec()
  txb:commit()
  local e5 = db:query("SELECT qty FROM items WHERE name = 'e'")
  check("builder_tx", #e5 == 1 and e5[1].qty == 5, #e5)
  local _, nb = b.select():from("x"):to_sql()
  check("builder_invalid", nb and nb:kind() == errors.INVALID, nb)
  local evil_rows = b.select("name"):from("items"):where({name = "' OR 1=1 --"}):run_with(db):query()
  check("builder_injection", #evil_rows == 0, #evil_rows)

  local stats = db:stats()
  check("stats", type(stats.open_connections) == "number", stats)
  check("release", db:release() == true, "")
  local _, re = db:query("SELECT 1")
  check("released", re and re:kind() == errors.INVALID, re)

  local _, nf = sql.get("app:nope")
  check("get_missing", nf and nf:kind() == errors.NOT_FOUND, nf)
  local _, ni = sql.get("app:terminal")
  check("get_not_db", ni and ni:kind() == errors.INVALID, ni)
  local _, ne = sql.get("")
  check("get_empty", ne and ne:kind() == errors.INVALID, ne)
  io.print("done")
end

return { main = main }
