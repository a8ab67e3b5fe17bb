local metrics = require("metrics")

-- CPU seconds for n iterations of: build a two-label table, then `op` with it
local function run(what, n)
    local routes = { "/a", "/b", "/c", "/d" }
    local t0 = os.clock()
    if what == "counter" then
        for i = 1, n do
            metrics.counter_inc("bench_requests_total", { route = routes[i % 4 + 1], status = "200" })
        end
    elseif what == "histogram" then
        for i = 1, n do
            metrics.histogram("bench_seconds", (i % 100) / 1000, { route = routes[i % 4 + 1], status = "200" })
        end
    else
        for i = 1, n do
            type({ route = routes[i % 4 + 1], status = "200" })
        end
    end
    return os.clock() - t0
end

return { run = run }
