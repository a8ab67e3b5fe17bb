// `wippy workflow ...` on the workflow-payment example (copied to a temp folder): run the
// demo twice (idempotent starts), then list, show, history, replay (before and after a code
// change), and signal / cancel / terminate runs of a stopped app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../workflow/sqlite-store.js';

const wippy = join(process.cwd(), 'bin/wippy.js');

function wippyIn(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [wippy, ...args], { cwd: dir, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// an extra entry for the second test: wait for runs and print how they ended
const WAIT_ENTRY = `
  - name: wait
    kind: process.lua
    source: file://wait.lua
    method: main
    modules: [io, workflow]
`;
const WAIT_LUA = `return { main = function(...)
  for _, id in ipairs({ ... }) do
    local r, err = workflow.wait(id)
    local st = workflow.status(id)
    io.print(id .. ": " .. st.status .. " " .. (r and (r.status .. " by " .. tostring(r.by)) or tostring(err)))
  end
  return 0
end }`;

function copyExample(withWait = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-wf-'));
  cpSync(join(process.cwd(), 'examples/workflow-payment'), dir, { recursive: true });
  rmSync(join(dir, '.wippy'), { recursive: true, force: true });
  if (withWait) {
    writeFileSync(join(dir, 'src/_index.yaml'), readFileSync(join(dir, 'src/_index.yaml'), 'utf8') + WAIT_ENTRY);
    writeFileSync(join(dir, 'src/wait.lua'), WAIT_LUA);
  }
  return dir;
}

const DEMO = [
  'order-1001: paid 25 (confirmed by alice)',
  'order-1002: expired 40',
  'ledger: 1001 capture 25',
  'ledger: 1001 reserve 25',
  'ledger: 1002 release 40',
  'ledger: 1002 reserve 40',
  '',
].join('\n');

test('workflow-payment: the demo runs; running it again returns the same runs (idempotent start by id)', () => {
  const dir = copyExample();
  const a = wippyIn(dir, 'run', '-x', 'app:demo');
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, DEMO);
  const b = wippyIn(dir, 'run', '-x', 'app:demo');
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stdout, DEMO, 'no second charge: the ledger is unchanged');

  const list = wippyIn(dir, 'workflow', 'list');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /order-1001\s+app:payment\s+completed/);
  assert.match(list.stdout, /order-1002\s+app:payment\s+completed/);
  assert.match(list.stdout, /2 workflows\n$/);

  const show = wippyIn(dir, 'workflow', 'show', 'order-1002');
  assert.match(show.stdout, /status:\s+completed/);
  assert.match(show.stdout, /result:\s+\{"order":"1002","status":"expired","amount":40\}/);

  const hist = wippyIn(dir, 'workflow', 'history', 'order-1001');
  assert.match(hist.stdout, /1\s+call\s+app:reserve/);
  assert.match(hist.stdout, /2\s+timer/);
  assert.match(hist.stdout, /3\s+recv\s+confirm .*"payloads":\[\{"by":"alice"\}\]/);
  assert.match(hist.stdout, /4\s+call\s+app:capture/);
  assert.match(hist.stdout, /1\s+confirm\s+step 3/);

  const ok = wippyIn(dir, 'workflow', 'replay', 'order-1001');
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /order-1001: deterministic: the code replays all 4 recorded steps and ends the same way/);

  // a change without a version marker: the replay check names the step
  const file = join(dir, 'src/payment.lua');
  writeFileSync(file, readFileSync(file, 'utf8').replace('local hold, err = ledger:call("app:reserve"',
    'local hold, err = ledger:call("app:capture"'));
  const bad = wippyIn(dir, 'workflow', 'replay', 'order-1001');
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /NON-DETERMINISTIC: non-determinism at step 1: the history has call 'app:reserve', the code now does call 'app:capture'/);
  rmSync(dir, { recursive: true, force: true });
});

test('wippy workflow signal / cancel / terminate write to the store of a stopped app', () => {
  const dir = copyExample(true);
  // three runs left unfinished, as a crash would leave them
  const store = new SqliteStore(join(dir, '.wippy/workflows.db'));
  for (const id of ['w1', 'w2', 'w3']) {
    store.createRun({ id, entry: 'app:payment', host: 'app:workflows', args: JSON.stringify([{ id, amount: 5, timeout: '1h' }]) });
  }
  store.close();
  assert.match(wippyIn(dir, 'workflow', 'signal', 'w1', 'confirm', '{"by":"cli"}').stdout, /signal 1 stored for w1/);
  assert.match(wippyIn(dir, 'workflow', 'cancel', 'w2', 'changed my mind').stdout, /cancel requested for w2/);
  assert.match(wippyIn(dir, 'workflow', 'terminate', 'w3').stdout, /terminated w3/);
  assert.equal(wippyIn(dir, 'workflow', 'signal', 'nope', 'x').code, 1);

  // the app starts, resumes w1 and w2, and the stored signal / cancel reach them
  const r = wippyIn(dir, 'run', '-x', 'app:wait', 'w1', 'w2', 'w3');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, [
    'w1: completed paid by cli',
    'w2: canceled workflow canceled: changed my mind',
    'w3: terminated terminated from the command line',
    '',
  ].join('\n'));
  rmSync(dir, { recursive: true, force: true });
});

