-- PUT /api/queue/{name}/depth with a number body: a gauge set from outside, as a worker
-- reporting its backlog would. A refused write answers 400 with the module's own message.
local http = require("http")
local metrics = require("metrics")

local function handler()
    local req, res = http.request(), http.response()
    local depth = tonumber(req:body())
    if not depth then
        return res:set_status(400):write_json({ error = "send the depth as a number" })
    end
    local ok, err = metrics.gauge_set("queue_depth", depth, { queue = req:param("name") })
    if not ok then
        return res:set_status(400):write_json({ error = err:message() })
    end
    res:set_status(204)
end

return { handler = handler }
