// Data-service benchmarks, side by side in one run (run by hand: `npm run build && node bench/data/run.js`).
//
//   sql point query   Lua `db:query` through the sql module   vs  the driver called from JS (anchor)
//                     on SQLite (:memory:) and on a throwaway PostgreSQL server
//   queue drain       publish N messages from Lua, a consumer (concurrency 8) acks them:
//                     queue.driver.memory (anchor) vs queue.driver.sql on a SQLite file
//
// Figures are per operation: CPU time of the whole Node.js process (process.cpuUsage) and
// wall time, median of --runs runs.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startApp } from '../../dist/src/system/boot.js';
import { createLog } from '../../dist/src/system/log.js';
import { startPostgres } from '../../dist/src/system/testing-postgres.js';
import { markdownTable } from '../common.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const SQL_N = 20000, PG_N = 3000, Q_N = 5000;

function measure(f) {
  return async () => {
    const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
    const n = await f();
    const c = process.cpuUsage(c0), wall = Number(process.hrtime.bigint() - t0) / 1e3;
    return { cpu: (c.user + c.system) / n, wall: wall / n };
  };
}

async function median(f) {
  await f(); // warm-up
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await f());
  const pick = (k) => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
  return { cpu: pick('cpu'), wall: pick('wall') };
}

function app(index, files) {
  const root = mkdtempSync(join(tmpdir(), 'wippy-bench-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/_index.yaml'), `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
${index}`);
  for (const [k, v] of Object.entries(files)) writeFileSync(join(root, 'src', k), v);
  return root;
}

async function exec(a, entry, ...args) {
  const p = a.runtime.spawn(undefined, entry, 'app:terminal', args, {});
  if ('kind' in p) throw new Error(p.message);
  const r = await new Promise((res) => p.onExit(res));
  if (r.error !== undefined) throw new Error(String(r.error.data?.message ?? r.error));
}

const QUERY_LUA = `return { main = function(n)
  local db = sql.get("app:db")
  for i = 1, n do
    local rows = db:query("SELECT v FROM t WHERE id = ?", {i % 100 + 1})
    if rows[1].v == nil then error("no row") end
  end
end, setup = function()
  local db = sql.get("app:db")
  db:execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
  db:execute("DELETE FROM t")
  for i = 1, 100 do db:execute("INSERT INTO t (id, v) VALUES (?, ?)", {i, "value " .. i}) end
end }`;

function queryEntries(dbEntry) {
  return `${dbEntry}
  - name: q
    kind: process.lua
    source: file://q.lua
    method: main
    modules: [sql]
  - name: setup
    kind: process.lua
    source: file://q.lua
    method: setup
    modules: [sql]
`;
}

async function sqliteRow() {
  const a = await startApp(app(queryEntries(`  - name: db
    kind: db.sql.sqlite
    file: ":memory:"`), { 'q.lua': QUERY_LUA }), createLog({ silent: true }));
  await exec(a, 'app:setup');
  const lua = await median(measure(async () => { await exec(a, 'app:q', SQL_N); return SQL_N; }));
  await a.supervisor.stopAll();
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
  for (let i = 1; i <= 100; i++) ins.run(i, `value ${i}`);
  const st = db.prepare('SELECT v FROM t WHERE id = ?');
  const js = await median(measure(async () => {
    for (let i = 1; i <= SQL_N; i++) if (st.all(i % 100 + 1)[0].v === undefined) throw new Error('no row');
    return SQL_N;
  }));
  return ['sqlite point query', js, lua];
}

async function pgRow(server) {
  const url = server.createDatabase('bench');
  const a = await startApp(app(queryEntries(`  - name: db
    kind: db.sql.postgres
    dsn: "${url}"
    pool: { max_open: 4 }`), { 'q.lua': QUERY_LUA }), createLog({ silent: true }));
  await exec(a, 'app:setup');
  const lua = await median(measure(async () => { await exec(a, 'app:q', PG_N); return PG_N; }));
  await a.supervisor.stopAll();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const js = await median(measure(async () => {
    for (let i = 1; i <= PG_N; i++) {
      const r = await pool.query({ text: 'SELECT v FROM t WHERE id = $1', values: [i % 100 + 1] });
      if (r.rows[0].v === undefined) throw new Error('no row');
    }
    return PG_N;
  }));
  await pool.end();
  return ['postgres point query', js, lua];
}

async function queueRow(name, driver) {
  const a = await startApp(app(`  - name: db
    kind: db.sql.sqlite
    file: ./queue.db
    lifecycle: { auto_start: true }
  - name: stats
    kind: store.memory
${driver}
  - name: jobs
    kind: queue.queue
    driver: drv
    driver_options: { memory: { max_length: ${Q_N * 2} } }
    lifecycle: { auto_start: true }
  - name: consumer
    kind: queue.consumer
    queue: jobs
    func: handle
    concurrency: 8
    prefetch: 64
    lifecycle: { auto_start: true }
  - name: handle
    kind: function.lua
    source: file://h.lua
    method: main
    modules: [store]
  - name: pub
    kind: process.lua
    source: file://p.lua
    method: main
    modules: [queue, store, time]
`, {
    'h.lua': `return { main = function(m) local s = store.get("app:stats") s:set("n", (s:get("n") or 0) + 1) return true end }`,
    'p.lua': `return { main = function(n)
      local s = store.get("app:stats")
      s:set("n", 0)
      for i = 1, n do assert(queue.publish("app:jobs", {i = i})) end
      while s:get("n") < n do time.sleep("1ms") end
    end }`,
  }), createLog({ silent: true }));
  const r = await median(measure(async () => { await exec(a, 'app:pub', Q_N); return Q_N; }));
  await a.supervisor.stopAll();
  return r;
}

const fmt = (x) => x.toFixed(1);
const server = await startPostgres();
try {
  const rows = [];
  for (const [name, js, lua] of [await sqliteRow(), await pgRow(server)]) {
    rows.push([name, `${fmt(js.cpu)} / ${fmt(js.wall)}`, `${fmt(lua.cpu)} / ${fmt(lua.wall)}`, `${(lua.cpu / js.cpu).toFixed(2)}x`]);
  }
  const mem = await queueRow('memory', `  - name: drv
    kind: queue.driver.memory
    lifecycle: { auto_start: true }`);
  const sqlq = await queueRow('sql', `  - name: drv
    kind: queue.driver.sql
    database: db
    poll_interval: 100ms
    lifecycle: { auto_start: true }`);
  rows.push([`queue publish+consume (${Q_N})`, `${fmt(mem.cpu)} / ${fmt(mem.wall)}`, `${fmt(sqlq.cpu)} / ${fmt(sqlq.wall)}`, `${(sqlq.cpu / mem.cpu).toFixed(2)}x`]);
  let git = '';
  try { git = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(`- command: \`node bench/data/run.js --runs ${runs}\``);
  console.log(`- machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, node ${process.version}`);
  console.log(`- load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; build: git ${git}`);
  console.log(`- cells: µs per operation, CPU / wall, median of ${runs} runs after a warm-up`);
  console.log('');
  console.log(markdownTable(['workload', 'anchor', 'wippy-ts', 'CPU ratio'], rows));
  console.log('');
  console.log('anchor: the driver called directly from JS (better-sqlite3 prepared statement; pg pool) for the SQL rows, queue.driver.memory for the queue row (wippy-ts column: queue.driver.sql on a SQLite file).');
} finally {
  server.stop();
}
