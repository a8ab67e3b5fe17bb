// Running a plain Lua script, as the `lua` command does (`wippy lua FILE [args]`).

import { readFileSync } from 'node:fs';
import { createLuaState } from './state.js';
import { createIoLib } from './lib/io.js';
import { LuaError, luaFrames, toLuaError } from './runtime/errors.js';
import { LuaTable } from './runtime/table.js';
import { tostring, all } from './runtime/ops.js';
import { type } from './runtime/values.js';

export interface ScriptResult {
  ok: boolean;
  /** the error text (`file:line: message`) when not ok */
  error?: string;
  traceback?: string;
}

/** Run Lua source (a byte string). Output goes through `write`. */
export function runScriptSource(source: string, chunkname: string, args: string[],
                                write: (bytes: string) => void): ScriptResult {
  // a script runs alone: it owns its string metatable, as in standard Lua
  const state = createLuaState({ print: (line) => write(line + '\n'), ownStrings: true });
  state.globals.setStr('io', createIoLib({
    stdout: write,
    stderr: (s) => process.stderr.write(Buffer.from(s, 'latin1')),
  }));
  const argt = new LuaTable();
  argt.set(0, chunkname);
  args.forEach((a, i) => argt.set(i + 1, Buffer.from(a, 'utf8').toString('latin1')));
  state.globals.setStr('arg', argt);
  let main;
  try {
    main = state.load(source, chunkname);
  } catch (e) {
    if (e instanceof Error && 'line' in e) return { ok: false, error: e.message };
    throw e;
  }
  try {
    all(main(...argt.arr));
    return { ok: true };
  } catch (e) {
    const err = toLuaError(e);
    const v = err.value;
    const msg = typeof v === 'string' || typeof v === 'number' ? tostring(v)
      : v instanceof LuaTable && v.mt?.getStr('__tostring') !== undefined ? tostring(v)
      : `(error object is a ${type(v)} value)`;
    return { ok: false, error: msg, traceback: traceback(err) };
  }
}

function traceback(err: LuaError): string {
  const stack = err.jsStack ?? '';
  const frames = luaFrames(stack);
  const lines = ['stack traceback:'];
  for (const f of frames) lines.push(`\t${f.chunkname}:${f.line}: in ${f.fn === 'main chunk' ? 'main chunk' : `function '${f.fn}'`}`);
  lines.push('\t[C]: in ?');
  return lines.join('\n');
}

export function runScriptFile(path: string, args: string[]): number {
  let source: string;
  try {
    source = readFileSync(path).toString('latin1');
  } catch {
    process.stderr.write(`lua: cannot open ${path}\n`);
    return 1;
  }
  if (source.startsWith('#')) source = '--' + source; // shebang line
  const chunks: Buffer[] = [];
  let size = 0;
  const flush = () => { if (chunks.length) { process.stdout.write(Buffer.concat(chunks)); chunks.length = 0; size = 0; } };
  const r = runScriptSource(source, path, args, (s) => {
    const b = Buffer.from(s, 'latin1');
    chunks.push(b);
    size += b.length;
    if (size > 65536) flush();
  });
  flush();
  if (!r.ok) {
    process.stderr.write(Buffer.from(`lua: ${r.error}\n${r.traceback ?? ''}\n`, 'latin1'));
    return 1;
  }
  return 0;
}
