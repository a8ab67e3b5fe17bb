// A built-in stand-in for the framework's views package's page renderer. Reference apps pull
// `wippy/views` in with an `ns.dependency` and render their `template.jet` pages through
// `require("renderer")` imported as `wippy.views:renderer`: `renderer.render(page_id, params,
// query) -> html, err`. When that package is not installed (no entry in namespace
// `wippy.views`), this library takes its place: it finds the page entry, calls its
// `data_func` (with {params, query}) and renders the page's template from its set with
// {data, route_params, query_params, resources = {}, env = {}}. An installed package wins.

import { makeEntry, type Entry } from '../registry/entry.js';

const RENDERER_ID = 'wippy.views:renderer';

// Our own Lua: the page's set and data function may be relative to the page's namespace.
const RENDERER_SOURCE = `
local templates = require("templates")
local funcs = require("funcs")
local registry = require("registry")

local function qualify(page_id, ref)
  if ref:find(":", 1, true) then return ref end
  return page_id:match("^(.-):") .. ":" .. ref
end

local renderer = {}

function renderer.get_page_data(page, params, query)
  local fn = page.data.data_func
  if type(fn) ~= "string" or fn == "" then return {} end
  local result, err = funcs.new():call(qualify(page.id, fn), { params = params or {}, query = query or {} })
  if err then
    return nil, "Failed to get page data from '" .. fn .. "': " .. tostring(err)
  end
  return result or {}
end

function renderer.render(page_id, params, query)
  if not page_id then return nil, "Page ID is required" end
  local page, err = registry.get(page_id)
  if not page then
    return nil, "Failed to get page '" .. page_id .. "': " .. tostring(err or "not found")
  end
  if page.kind ~= "template.jet" or type(page.data.set) ~= "string" then
    return nil, "Page '" .. page_id .. "' has no template_set defined"
  end
  local data, data_err = renderer.get_page_data(page, params, query)
  if data_err then return nil, data_err end
  local set_id = qualify(page_id, page.data.set)
  local set, set_err = templates.get(set_id)
  if set_err then
    return nil, "Failed to load template set '" .. set_id .. "': " .. tostring(set_err)
  end
  local name = page.meta.name or page_id:match(":(.*)$")
  local html, render_err = set:render(name, {
    data = data,
    resources = {},
    query_params = query or {},
    route_params = params or {},
    env = {},
  })
  set:release()
  if render_err then
    return nil, "Failed to render template '" .. name .. "': " .. tostring(render_err)
  end
  return html
end

return renderer
`;

export function viewsStandIns(entries: readonly Entry[]): Entry[] {
  const wanted = entries.some((e) => e.kind === 'ns.dependency' && e.data.component === 'wippy/views');
  if (!wanted || entries.some((e) => e.namespace === 'wippy.views')) return [];
  return [makeEntry({
    id: RENDERER_ID, kind: 'library.lua', meta: { comment: 'built-in stand-in: the views page renderer' },
    data: { modules: ['templates', 'funcs', 'registry'] }, sourceText: RENDERER_SOURCE, sourceFile: `<built-in ${RENDERER_ID}>`,
  })];
}
