// A small `io` library for plain scripts (`wippy lua`): write to stdout/stderr and read
// lines from stdin. Processes never get it: their terminal I/O is the `io` module of the
// terminal host.

import { LuaTable } from '../runtime/table.js';
import { Userdata, EMPTY, type LuaValue } from '../runtime/types.js';
import { numberToString } from '../runtime/values.js';
import { makeLib, typeError } from './args.js';
import { SyncStdin } from './stdin.js';

export interface IoSinks {
  stdout: (bytes: string) => void;
  stderr: (bytes: string) => void;
}

export function createIoLib(sinks: IoSinks): LuaTable {
  const stdin = new SyncStdin();
  const readLine = (keepNl: boolean): LuaValue => stdin.line(keepNl);
  const read = (fmt: LuaValue): LuaValue => {
    const f = typeof fmt === 'string' ? fmt.replace(/^\*/, '') : fmt;
    if (f === undefined || f === 'l') return readLine(false);
    if (f === 'L') return readLine(true);
    if (f === 'a') return stdin.all();
    if (f === 'n') {
      const line = readLine(false);
      const n = line === undefined ? undefined : Number(String(line).trim());
      return n === undefined || Number.isNaN(n) ? undefined : n;
    }
    return typeError(1, 'read', 'valid format', fmt);
  };
  const writer = (sink: (b: string) => void, self: LuaValue) => (...args: LuaValue[]) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      if (typeof v === 'string') sink(v);
      else if (typeof v === 'number') sink(numberToString(v));
      else typeError(i + 1, 'write', 'string', v);
    }
    return self;
  };
  const fileMeta = new LuaTable();
  const stdout = new Userdata('stdout', fileMeta);
  const stderr = new Userdata('stderr', fileMeta);
  const methods = makeLib({
    write: (self: LuaValue, ...args: LuaValue[]) =>
      writer(self === stderr ? sinks.stderr : sinks.stdout, self)(...args),
    read: (_self: LuaValue, fmt: LuaValue) => read(fmt),
    lines: () => () => readLine(false),
    flush: () => EMPTY,
    close: () => true,
  });
  fileMeta.setStr('__index', methods);
  fileMeta.setStr('__name', 'FILE*');
  const io = makeLib({
    write: (...args: LuaValue[]) => writer(sinks.stdout, stdout)(...args),
    read: (fmt?: LuaValue) => read(fmt),
    lines: () => () => readLine(false),
  });
  io.setStr('stdout', stdout);
  io.setStr('stderr', stderr);
  // the standard input as a file handle too (its read/lines methods read the same stream)
  io.setStr('stdin', new Userdata('stdin', fileMeta));
  return io;
}
