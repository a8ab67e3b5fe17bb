-- The same query the plain-Node and fastify servers run in their findUser function.
local sql = require("sql")

local function find(id)
    local db, err = sql.get("bench:db")
    if err then return nil, err end
    local rows, qerr = db:query("SELECT id, name, email, active FROM users WHERE id = ?", { id })
    if qerr then return nil, qerr end
    return rows[1]
end

return { find = find }
