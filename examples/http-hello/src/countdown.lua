-- GET /api/countdown?from=3: server-sent events, one a tick, then "done"
local http = require("http")
local time = require("time")

local function handler()
    local req, res = http.request(), http.response()
    local from = tonumber(req:query("from")) or 3
    for n = from, 1, -1 do
        res:write_event({ name = "tick", data = { n = n } })
        time.sleep("200ms")
    end
    res:write_event({ name = "done", data = "liftoff" })
end

return { handler = handler }
