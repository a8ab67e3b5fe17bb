-- POST /api/notes {"title": "...", "tags": ["..."]}: validates the body and answers 201
local http = require("http")
local time = require("time")

local function handler()
    local req, res = http.request(), http.response()
    if not req:is_content_type(http.CONTENT.JSON) then
        return res:set_status(415):write_json({ error = "send application/json" })
    end
    local note, err = req:body_json()
    if err then
        return res:set_status(http.STATUS.BAD_REQUEST):write_json({ error = err:message() })
    end
    if type(note.title) ~= "string" or note.title == "" then
        return res:set_status(422):write_json({ error = "title is required" })
    end
    res:set_status(http.STATUS.CREATED)
    res:set_header("Location", "/api/notes/1")
    res:write_json({ title = note.title, tags = note.tags or {}, created = time.now():format_rfc3339() })
end

return { handler = handler }
