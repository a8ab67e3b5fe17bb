local http = require("http")

local function handler()
    http.response():write_json({ message = "hello world" })
end

return { handler = handler }
