// The terminal `io` module (terminal hosts only): the process's own stdout, stderr, stdin.

import { SyncStdin } from '../lua/lib/stdin.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { tostring } from '../lua/runtime/ops.js';
import { makeLib } from '../lua/lib/args.js';

export interface Terminal {
  out(bytes: string): void;
  err(bytes: string): void;
  args: string[];
}

/**
 * Lines of standard input, read without blocking the event loop: a process waiting for a
 * line parks like any other wait, so services keep running meanwhile.
 */
class StdinLines {
  private lines: (string | undefined)[] = [];
  private rest = '';
  private waiting: Waiter[] = [];
  private started = false;
  private ended = false;

  next(w: Waiter): void {
    this.start();
    if (this.lines.length > 0) w.complete(this.lines.shift());
    else if (this.ended) w.complete(undefined);
    else this.waiting.push(w);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    process.stdin.on('data', (b: Buffer) => {
      this.rest += b.toString('latin1');
      let i: number;
      while ((i = this.rest.indexOf('\n')) >= 0) {
        this.push(this.rest.slice(0, i).replace(/\r$/, ''));
        this.rest = this.rest.slice(i + 1);
      }
    });
    process.stdin.on('end', () => {
      if (this.rest !== '') this.push(this.rest);
      this.rest = '';
      this.ended = true;
      for (const w of this.waiting.splice(0)) w.complete(undefined);
    });
  }

  private push(line: string): void {
    const w = this.waiting.shift();
    if (w !== undefined) w.complete(line);
    else this.lines.push(line);
    if (this.waiting.length === 0) process.stdin.pause();
  }

  resume(): void {
    if (this.started && !this.ended) process.stdin.resume();
  }
}

const stdinLines = new StdinLines();

export function createIoModule(term: Terminal): LuaTable {
  const stdin = new SyncStdin();
  const line = (args: LuaValue[]) => args.map((a) => tostring(a)).join('\t');
  const mod = makeLib({
    write: (...args: LuaValue[]) => { term.out(args.map((a) => tostring(a)).join('')); return true; },
    print: (...args: LuaValue[]) => { term.out(line(args) + '\n'); return true; },
    eprint: (...args: LuaValue[]) => { term.err(line(args) + '\n'); return true; },
    flush: () => true,
    raw: () => true,
    args: () => new LuaTable(term.args.map((a) => Buffer.from(a, 'utf8').toString('latin1'))),
    readline: () => stdin.line(false)?.replace(/\r$/, ''),
    read: (n?: LuaValue) => stdin.chunk(typeof n === 'number' && n > 0 ? n : 1024),
  });
  // inside a process, readline waits without blocking the event loop
  const readline = mod.getStr('readline') as LuaFunction;
  readline.$g = function* (): LuaGen {
    const w = new Waiter();
    stdinLines.resume();
    stdinLines.next(w);
    const line = yield new BlockSignal(w);
    return line as LuaValue;
  };
  mod.frozen = true;
  return mod;
}
