local http = require("http")
local funcs = require("funcs")

local function handler()
    local req, res = http.request(), http.response()
    local user, err = funcs.call("bench:find_user", tonumber(req:param("id")))
    if err then
        return res:set_status(500):write_json({ error = tostring(err) })
    end
    if user == nil then
        return res:set_status(404):write_json({ error = "no such user" })
    end
    res:set_content_type(http.CONTENT.JSON)
    res:write_json(user)
end

return { handler = handler }
