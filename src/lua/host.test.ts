// The host interface: suspending functions, tasks, preemption of busy loops.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLuaState } from './state.js';
import { LuaTask, suspending, HostSignal, type StepResult } from './host.js';
import { budget, all } from './runtime/ops.js';
import { LuaError } from './runtime/errors.js';
import { makeLib } from './lib/args.js';
import type { LuaValue } from './runtime/types.js';

/** A state whose globals include a `host` module with suspending functions. */
function stateWithHost() {
  const lines: string[] = [];
  const st = createLuaState({ print: (l) => lines.push(l) });
  const host = makeLib({
    // waits for the host to answer; the answer is the result
    ask: suspending('ask', (args) => new HostSignal('ask', args[0])),
    // doubles its argument on the host side
    double: suspending('double', (args) => new HostSignal('double', args[0]), (r) => r),
  });
  st.globals.setStr('host', host);
  return { st, lines };
}

/** Drive a task to completion, answering signals with `answer`. */
function drive(task: LuaTask, answer: (s: HostSignal) => unknown): StepResult & { steps: number } {
  let reply: unknown;
  for (let steps = 1; ; steps++) {
    const r = task.step(reply);
    if (r.kind !== 'signal') return { ...r, steps };
    reply = answer(r.signal);
  }
}

test('a suspending host function returns the host reply into Lua code', () => {
  const { st } = stateWithHost();
  const main = st.load('return function(x) local a = host.ask("name") return a .. "!" .. x end', 'task.lua');
  const fn = (main() as LuaValue) as (...a: LuaValue[]) => LuaValue;
  const task = new LuaTask(fn, ['?']);
  const asked: unknown[] = [];
  const r = drive(task, (s) => { asked.push(s.data); return 'wippy'; });
  assert.equal(r.kind, 'done');
  assert.deepEqual(r.kind === 'done' && r.values, ['wippy!?']);
  assert.deepEqual(asked, ['name']);
});

test('host signals pass through Lua coroutines, pcall and iterators inside a task', () => {
  const { st, lines } = stateWithHost();
  const main = st.load(`
    return function()
      local co = coroutine.wrap(function()
        for i = 1, 3 do coroutine.yield(host.double(i)) end
      end)
      local ok, v = pcall(function() return co() + co() + co() end)
      print(ok, v)
      local function iter() return function(_, i) if i < 2 then return i + 1, host.ask(i) end end, nil, 0 end
      for i, a in iter() do print(i, a) end
      return "end"
    end`, 'nested.lua');
  const task = new LuaTask(main() as never, []);
  const r = drive(task, (s) => (s.kind === 'double' ? (s.data as number) * 2 : `answer${s.data}`));
  assert.equal(r.kind, 'done', JSON.stringify(r));
  assert.deepEqual(lines, ['true\t12', '1\tanswer0', '2\tanswer1']);
});

test('a suspending function called from plain code is a clean Lua error', () => {
  const { st } = stateWithHost();
  const main = st.load(`
    local t = {3, 1, 2}
    return pcall(table.sort, t, function(a, b) host.ask(1) return a < b end)`, 'plain.lua');
  const r = all(main());
  assert.equal(r[0], false);
  assert.match(String(r[1]), /attempt to yield/);
});

test('busy loops are preempted: two tasks spinning forever both make progress', () => {
  const { st } = stateWithHost();
  const src = `
    return function(name)
      count = count or {}
      count[name] = 0
      while true do count[name] = count[name] + 1 end
    end`;
  const fn = st.load(src, 'spin.lua')() as never;
  const a = new LuaTask(fn, ['a']);
  const b = new LuaTask(fn, ['b']);
  const saved = budget.slice;
  budget.slice = 10000;
  try {
    for (let round = 0; round < 20; round++) {
      for (const t of [a, b]) {
        const r = t.step();
        assert.equal(r.kind, 'signal');
        assert.equal(r.kind === 'signal' && r.signal.kind, 'preempt');
      }
    }
  } finally {
    budget.slice = saved;
  }
  const count = st.globals.get('count');
  const na = count.get('a') as number, nb = count.get('b') as number;
  assert.ok(na > 100000 && nb > 100000, `both ran: ${na} ${nb}`);
  assert.ok(Math.abs(na - nb) < na / 2, 'fair shares');
  a.kill();
  b.kill();
});

test('a busy loop with no yield point ends with a budget error under a hard limit', () => {
  // the error passes through pcall (see sandbox.test.ts): a loop around a pcall would
  // otherwise get a fresh allowance each time and never stop
  const { st } = stateWithHost();
  const fn = st.load(`
    return function()
      local t = {2, 1}
      return pcall(table.sort, t, function(a, b) while true do end end)
    end`, 'hard.lua')() as never;
  const saved = { slice: budget.slice, hard: budget.hardLimit, left: budget.hardLeft };
  budget.slice = 10000;
  budget.hardLimit = budget.hardLeft = 50;
  try {
    const r = drive(new LuaTask(fn, []), () => undefined);
    assert.equal(r.kind, 'error');
    const err = r.kind === 'error' ? r.error : undefined;
    assert.ok(err instanceof LuaError);
    assert.match(String(err.value), /hard\.lua:4: execution budget exceeded/);
  } finally {
    budget.slice = saved.slice;
    budget.hardLimit = saved.hard;
    budget.hardLeft = saved.left;
  }
});

test('a task error carries the Lua position and can be killed while waiting', () => {
  const { st } = stateWithHost();
  const fn = st.load('return function() host.ask(1)\n local x = nil\n return x.y end', 'err.lua')() as never;
  const r = drive(new LuaTask(fn, []), () => 1);
  assert.equal(r.kind, 'error');
  assert.ok(r.kind === 'error' && r.error instanceof LuaError);
  assert.equal((r as { error: LuaError }).error.value, "err.lua:3: attempt to index a nil value (local 'x')");

  const closed: string[] = [];
  st.globals.setStr('note', (s: string) => { closed.push(s); return undefined; });
  const fn2 = st.load(`return function()
      local c <close> = setmetatable({}, {__close = function() note("closed") end})
      host.ask(1)
    end`, 'kill.lua')() as never;
  const t2 = new LuaTask(fn2, []);
  assert.equal(t2.step().kind, 'signal');
  t2.kill();
  assert.deepEqual(closed, ['closed']);
});

test('a task whose function ends in a tail call that suspends runs it to the end', () => {
  const { st } = stateWithHost();
  const main = st.load(`
    local function finish(x) return host.ask(x) .. "!" end
    return function(x) return finish(x .. "?") end`, 'tail.lua');
  const fn = (main() as LuaValue) as (...a: LuaValue[]) => LuaValue;
  const asked: unknown[] = [];
  const r = drive(new LuaTask(fn, ['q']), (s) => { asked.push(s.data); return 'a'; });
  assert.equal(r.kind, 'done');
  assert.deepEqual(r.kind === 'done' && r.values, ['a!']);
  assert.deepEqual(asked, ['q?']);
});
