-- POST /api/images/{name}/resize?width=N: pretends to resize an image (a sleep that grows
-- with the width) and records what a real image service would want to watch.
local http = require("http")
local metrics = require("metrics")
local time = require("time")

local FORMATS = { png = true, jpg = true, webp = true }

local function handler()
    local req, res = http.request(), http.response()
    local name = req:param("name")
    local format = name:match("%.(%w+)$")
    local width = tonumber(req:query("width"))
    if not FORMATS[format] or not width or width < 1 or width > 4096 then
        -- the reason is a label: a small, fixed set of values
        metrics.counter_inc("resize_rejected_total", { reason = FORMATS[format] and "width" or "format" })
        return res:set_status(400):write_json({ error = "want a png, jpg or webp name and 1 <= width <= 4096" })
    end

    metrics.gauge_inc("resize_in_progress")
    local started = time.now()
    time.sleep(tostring(math.floor(width / 100)) .. "ms")
    local seconds = time.now():sub(started):seconds()
    metrics.gauge_dec("resize_in_progress")

    metrics.counter_inc("resize_done_total", { format = format })
    metrics.counter_add("resize_pixels_total", width * width, { format = format })
    metrics.histogram("resize_seconds", seconds, { format = format })
    res:write_json({ name = name, width = width, seconds = seconds })
end

return { handler = handler }
