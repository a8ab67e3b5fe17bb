local function parse(str)
  local pos = 1
  local function ws() pos = str:find("[^ \t\r\n]", pos) or #str + 1 end
  local value
  local function err(msg) error(string.format("%s at %d", msg, pos), 0) end
  local function str_lit()
    local out = {}
    pos = pos + 1
    while true do
      local c = str:sub(pos, pos)
      if c == "" then err("unterminated string") end
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local n = str:sub(pos + 1, pos + 1)
        local map = {n = "\n", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"}
        out[#out + 1] = map[n] or n
        pos = pos + 2
      else
        out[#out + 1] = c
        pos = pos + 1
      end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = str:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      ws()
      if str:sub(pos, pos) == "}" then pos = pos + 1 return obj end
      while true do
        ws()
        local k = str_lit()
        ws()
        if str:sub(pos, pos) ~= ":" then err("expected ':'") end
        pos = pos + 1
        obj[k] = value()
        ws()
        local d = str:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then err("expected ','") end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = {}
      ws()
      if str:sub(pos, pos) == "]" then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        ws()
        local d = str:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then err("expected ','") end
      end
    elseif c == '"' then return str_lit()
    elseif str:find("^true", pos) then pos = pos + 4 return true
    elseif str:find("^false", pos) then pos = pos + 5 return false
    elseif str:find("^null", pos) then pos = pos + 4 return nil
    else
      local num = str:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if not num or num == "" then err("unexpected '" .. c .. "'") end
      pos = pos + #num
      return tonumber(num)
    end
  end
  local v = value()
  ws()
  if pos <= #str then err("trailing garbage") end
  return v
end
local doc = parse('{"name": "test", "list": [1, 2.5, -3, 1e2], "ok": true, "no": false, "nested": {"s": "a\\"b\\nc"}}')
print(doc.name, doc.list[1], doc.list[2], doc.list[3], doc.list[4], doc.ok, doc.no, doc.nested.s)
print(#parse("[]"), next(parse("{}")), parse('"x"'), parse("  42  "))
print(pcall(parse, '{"a" 1}'))
print(pcall(parse, '[1, 2'))
print(pcall(parse, '[1] x'))
