local http = require("http")
local templates = require("templates")

local BOOKS = {
  { title = "The Left Hand of Darkness", author = "Ursula K. Le Guin", year = 1969 },
  { title = "Anathem", author = "Neal Stephenson", year = 2008 },
  { title = "Piranesi", author = "Susanna Clarke", year = 2020 },
}

local function handler()
  local req, res = http.request(), http.response()
  local query = req:query("q") or ""
  local books = {}
  for _, b in ipairs(BOOKS) do
    if query == "" or b.title:lower():find(query:lower(), 1, true) then
      table.insert(books, b)
    end
  end

  local set, err = templates.get("app:pages")
  if err then
    res:set_status(500)
    res:write(tostring(err))
    return
  end
  -- the query is shown as typed: the template escapes it
  local html, render_err = set:render("shelf", { books = books, query = query })
  set:release()
  if render_err then
    res:set_status(500)
    res:write(tostring(render_err))
    return
  end
  res:set_content_type("text/html; charset=utf-8")
  res:write(html)
end

return { handler = handler }
