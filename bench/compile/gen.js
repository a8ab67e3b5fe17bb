// Generates a large, realistic Lua 5.1-compatible source file for the compile-speed benchmark:
// four varied templates (a class module, a config table with long strings and handlers, an
// algorithm with loops/varargs/closures, an HTML renderer with gsub/gmatch) replicated with
// renamed identifiers and varied literals. The chunk returns a table of functions; calling them
// all and summing the results (bench/compile/load.lua) gives a checksum that checks the
// compiled code runs correctly, not just that it compiles.
//
//   node bench/compile/gen.js OUT.lua [MEGABYTES]      (default 4)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const templates = [
  (i) => `-- Inventory module #${i}: tracks items and computes totals
do
  local Item_${i} = {}
  Item_${i}.__index = Item_${i}

  function Item_${i}.new(name, price, qty)
    local self = setmetatable({}, Item_${i})
    self.name = name
    self.price = price or ${i % 97}
    self.qty = qty or 1
    self.tags = { "new", "sale", "item_${i}" }
    return self
  end

  function Item_${i}:total()
    return self.price * self.qty
  end

  function Item_${i}:describe()
    return string.format("%s x%d @ %d", self.name, self.qty, self.price)
  end

  local function build_inventory_${i}(n)
    local list = {}
    for k = 1, n do
      list[#list + 1] = Item_${i}.new("widget-" .. k, k * ${(i % 13) + 1}, k % 4 + 1)
    end
    return list
  end

  M["inventory_${i}"] = function(n)
    local items = build_inventory_${i}(n or ${3 + (i % 5)})
    local sum = 0
    for _, it in ipairs(items) do
      if it:total() > ${i % 50} then
        sum = sum + it:total()
      elseif it.qty == 2 then
        sum = sum - 1
      else
        sum = sum + #it:describe()
      end
    end
    return sum
  end
end
`,
  (i) => `-- Service configuration #${i}
do
  local config_${i} = {
    name = "service-${i}",
    port = ${1000 + (i * 7) % 64000},
    enabled = ${i % 2 === 0 ? 'true' : 'false'},
    hosts = { "alpha.example.com", "beta.example.com", "gamma\\tdelta", 'h${i}.local' },
    limits = { cpu = ${(i % 8) + 1}, memory = "${(i % 16) + 1}Gi", ratio = ${((i % 100) / 10 + 0.5).toFixed(1)} },
    handlers = {
      ["on-start"] = function(ctx) return ctx.count + ${i % 7} end,
      ["on-stop"] = function(ctx) ctx.count = 0 return true end,
    },
    banner = [[
Welcome to service ${i}.
  Multi-line text with "quotes", 'apostrophes' and \\backslashes\\.
]],
  }

  local function validate_${i}(cfg)
    local errors = {}
    if type(cfg.name) ~= "string" then errors[#errors + 1] = "name must be a string" end
    if cfg.port < 1024 or cfg.port > 65535 then
      errors[#errors + 1] = "port out of range: " .. cfg.port
    end
    for idx, host in ipairs(cfg.hosts) do
      if not host:find("%.") then errors[#errors + 1] = "bad host #" .. idx end
    end
    return #errors == 0, errors
  end

  M["config_${i}"] = function()
    local ok, errs = validate_${i}(config_${i})
    local ctx = { count = ${i % 11} }
    local r = config_${i}.handlers["on-start"](ctx)
    config_${i}.handlers["on-stop"](ctx)
    return (ok and 1 or 0) + #errs * 10 + r + #config_${i}.banner + ctx.count
  end
end
`,
  (i) => `-- Algorithms #${i}: sieve, accumulator closure, varargs
do
  local function sieve_${i}(limit)
    local is = {}
    for k = 2, limit do is[k] = true end
    local k = 2
    while k * k <= limit do
      if is[k] then
        for m = k * k, limit, k do is[m] = false end
      end
      k = k + 1
    end
    local count = 0
    for k = 2, limit do
      if is[k] then count = count + 1 end
    end
    return count
  end

  local function make_acc_${i}(...)
    local args = { ... }
    local total = select("#", ...)
    return function(x)
      total = total + x
      local n = 0
      repeat
        n = n + 1
      until n >= #args or args[n] == x
      return total, n
    end
  end

  M["algo_${i}"] = function()
    local acc = make_acc_${i}(${i % 5}, ${i % 7}, ${i % 11})
    local t, n = acc(${i % 3})
    local s = sieve_${i}(${50 + (i % 50)})
    return t + n + s + (${i} % 17 == 0 and 1 or -1) * ${(i * 37) % 101}
  end
end
`,
  (i) => `-- HTML rendering #${i}
do
  local escapes_${i} = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }

  local function escape_${i}(s)
    return (string.gsub(s, '[&<>"]', escapes_${i}))
  end

  local function render_${i}(rows)
    local out = { "<table id=\\"t${i}\\">" }
    for r = 1, #rows do
      local row = rows[r]
      out[#out + 1] = "  <tr><td>" .. escape_${i}(row.key) .. "</td><td>"
        .. tostring(row.value) .. "</td></tr>"
    end
    out[#out + 1] = "</table>"
    return table.concat(out, "\\n")
  end

  M["render_${i}"] = function()
    local rows = {}
    for k = 1, ${3 + (i % 4)} do
      rows[k] = { key = "k<" .. k .. ">&${i}", value = k * ${i % 9} }
    end
    local html = render_${i}(rows)
    local words = 0
    for w in html:gmatch("%a+") do words = words + 1 end
    return #html + words
  end
end
`,
];

/** Lua source of about `bytes` bytes (ASCII). */
export function generateSource(bytes) {
  const parts = ['-- Generated by bench/compile/gen.js for the compile-speed benchmark.\nlocal M = {}\n\n'];
  let size = parts[0].length;
  for (let i = 1; size < bytes; i++) {
    const s = templates[(i - 1) % templates.length](i) + '\n';
    parts.push(s);
    size += s.length;
  }
  parts.push('return M\n');
  return parts.join('');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node bench/compile/gen.js OUT.lua [MEGABYTES]'); process.exit(2); }
  const mb = Number(process.argv[3] ?? 4);
  const src = generateSource(Math.round(mb * 1024 * 1024));
  writeFileSync(out, src, 'latin1');
  console.log(`${out}: ${src.length} bytes`);
}
