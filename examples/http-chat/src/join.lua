-- GET /chat?name=...: hand the connection to the room process
local http = require("http")
local json = require("json")

local function handler()
    local req, res = http.request(), http.response()
    local room = process.registry.lookup("chat.room")
    if not room then
        return res:set_status(http.STATUS.SERVICE_UNAVAILABLE):write_json({ error = "room is not running" })
    end
    local name = req:query("name") or "guest"
    res:set_header("X-WS-Relay", json.encode({ target_pid = room, metadata = { name = name } }))
end

return { handler = handler }
