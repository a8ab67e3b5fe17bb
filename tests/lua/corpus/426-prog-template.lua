local function render(tpl, ctx)
  return (tpl:gsub("{{%s*([%w_%.]+)%s*}}", function(path)
    local v = ctx
    for part in path:gmatch("[^%.]+") do
      if type(v) ~= "table" then return "" end
      v = v[part]
    end
    return v == nil and "" or tostring(v)
  end))
end
local ctx = {user = {name = "Ada", langs = 3}, site = "example.org", flag = false}
print(render("Hello {{user.name}}! You know {{ user.langs }} languages.", ctx))
print(render("Visit {{site}} {{missing}} {{user.name.x}} {{flag}}", ctx))
local function each(list, tpl) local out = {} for i, item in ipairs(list) do out[i] = render(tpl, {i = i, item = item}) end return table.concat(out, "\n") end
print(each({"x", "y", "z"}, "{{i}}. {{item}}"))
