// The kernel's own floor: ping-pong and ring through Process.deliver -> Channel -> Waiter ->
// scheduler, with process bodies written as plain JS generators instead of Lua. The gap
// between these numbers and bench/actors/apps/ is what the Lua-facing layers cost (the
// process/channel modules, message and payload userdata, compiled Lua generator code).
//
//   node bench/actors/kernel.js [--root DIR] [--rounds 200000] [--ring 1000] [--laps 300]
//
// Prints `metric kernel_roundtrip_us`, `kernel_ring_hop_us` and their *_cpu_us twins.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const ROOT = path.resolve(opt('--root', path.resolve(here, '../..')));
const ROUNDS = Number(opt('--rounds', 200000));
const RING = Number(opt('--ring', 1000));
const LAPS = Number(opt('--laps', 300));

const load = (rel) => import(pathToFileURL(path.join(ROOT, 'dist/src', rel)).href);
const { Node } = await load('kernel/process.js');
const { Waiter, BlockSignal } = await load('kernel/waiter.js');
const { LuaTable } = await load('lua/runtime/table.js');

const node = new Node({
  errorValue: (e) => String(e),
  makeEvent: () => new LuaTable(),
  onCrash: (p, e) => { console.error('crash', p.pid, e); process.exit(1); },
});

/** A process whose body is the JS generator `body(self)`. */
function spawn(body) {
  const p = node.create('bench', new LuaTable());
  const fn = () => undefined;
  fn.$g = () => body(p);
  p.startTask(fn, [], true);
  return p;
}

/** Receive one message, parking on the inbox as channel.receive does. */
function* receive(p) {
  const inbox = p.openInbox();
  const now = inbox.tryReceive();
  if (now !== undefined) return now.value;
  const w = new Waiter();
  inbox.addReceiver(w, 0);
  return (yield new BlockSignal(w)).value;
}

const send = (from, to, topic, v) => to.deliver({ topic, from: from.pid, payloads: [v] });
const clock = () => { const u = process.cpuUsage(); return [process.hrtime.bigint(), u.user + u.system]; };
const done = [];

function pingpong(rounds) {
  return new Promise((resolve) => {
    const echo = spawn(function* (self) {
      for (;;) {
        const m = yield* receive(self);
        if (m.topic === 'stop') return [];
        send(self, node.resolve(m.from), 'pong', m.payloads[0]);
      }
    });
    spawn(function* (self) {
      const run = function* (k) {
        for (let i = 1; i <= k; i++) {
          send(self, echo, 'ping', i);
          const m = yield* receive(self);
          if (m.payloads[0] !== i) throw new Error('bad pong');
        }
      };
      yield* run(Math.min(rounds, 20000));
      const [t0, c0] = clock();
      yield* run(rounds);
      const [t1, c1] = clock();
      send(self, echo, 'stop');
      resolve({ wall: Number(t1 - t0) / 1e3 / rounds, cpu: (c1 - c0) / rounds });
      return [];
    });
  });
}

function ring(n, laps) {
  return new Promise((resolve) => {
    spawn(function* (self) {
      let first = self;
      for (let i = 1; i < n; i++) {
        const next = first;
        first = spawn(function* (me) {
          for (;;) {
            const m = yield* receive(me);
            send(me, next, 't', m.payloads[0]);
            if (m.payloads[0] === 0) return [];
          }
        });
      }
      send(self, first, 't', -1);
      yield* receive(self);
      const [t0, c0] = clock();
      for (let lap = 1; lap <= laps; lap++) {
        send(self, first, 't', lap);
        const m = yield* receive(self);
        if (m.payloads[0] !== lap) throw new Error('bad token');
      }
      const [t1, c1] = clock();
      send(self, first, 't', 0);
      yield* receive(self);
      resolve({ wall: Number(t1 - t0) / 1e3 / (n * laps), cpu: (c1 - c0) / (n * laps) });
      return [];
    });
  });
}

const pp = await pingpong(ROUNDS);
const rg = await ring(RING, LAPS);
console.log(`metric kernel_roundtrip_us ${pp.wall.toFixed(4)} us`);
console.log(`metric kernel_roundtrip_cpu_us ${pp.cpu.toFixed(4)} us`);
console.log(`metric kernel_ring_hop_us ${rg.wall.toFixed(4)} us`);
console.log(`metric kernel_ring_hop_cpu_us ${rg.cpu.toFixed(4)} us`);
void done;
process.exit(0);
