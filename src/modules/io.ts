// The terminal `io` module (terminal hosts only): the process's own stdout, stderr, stdin.

import { readSync } from 'node:fs';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { tostring } from '../lua/runtime/ops.js';
import { makeLib } from '../lua/lib/args.js';

export interface Terminal {
  out(bytes: string): void;
  err(bytes: string): void;
  args: string[];
}

export function createIoModule(term: Terminal): LuaTable {
  let pending = '';
  let eof = false;
  const fill = (): boolean => {
    if (eof) return false;
    const buf = Buffer.alloc(65536);
    let n = 0;
    try { n = readSync(0, buf, 0, buf.length, null); } catch { n = 0; }
    if (n === 0) { eof = true; return false; }
    pending += buf.subarray(0, n).toString('latin1');
    return true;
  };
  const line = (args: LuaValue[]) => args.map((a) => tostring(a)).join('\t');
  const mod = makeLib({
    write: (...args: LuaValue[]) => { term.out(args.map((a) => tostring(a)).join('')); return true; },
    print: (...args: LuaValue[]) => { term.out(line(args) + '\n'); return true; },
    eprint: (...args: LuaValue[]) => { term.err(line(args) + '\n'); return true; },
    flush: () => true,
    raw: () => true,
    args: () => new LuaTable(term.args.map((a) => Buffer.from(a, 'utf8').toString('latin1'))),
    readline: () => {
      for (;;) {
        const i = pending.indexOf('\n');
        if (i >= 0) {
          const l = pending.slice(0, i).replace(/\r$/, '');
          pending = pending.slice(i + 1);
          return l;
        }
        if (!fill()) {
          const l = pending;
          pending = '';
          return l === '' ? undefined : l;
        }
      }
    },
    read: (n?: LuaValue) => {
      const want = typeof n === 'number' && n > 0 ? n : 1024;
      if (pending === '') fill();
      const s = pending.slice(0, want);
      pending = pending.slice(s.length);
      return s === '' ? undefined : s;
    },
  });
  mod.frozen = true;
  return mod;
}
