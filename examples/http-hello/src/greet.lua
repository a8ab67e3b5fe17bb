-- GET /api/greet/{name}?lang=en|es|fr
local http = require("http")

local GREETINGS = { en = "Hello", es = "Hola", fr = "Bonjour" }

local function handler()
    local req, res = http.request(), http.response()
    local lang = req:query("lang") or "en"
    local word = GREETINGS[lang]
    if not word then
        return res:set_status(http.STATUS.BAD_REQUEST):write_json({ error = "unknown lang " .. lang })
    end
    res:write_json({ greeting = word .. ", " .. req:param("name") .. "!", lang = lang })
end

return { handler = handler }
