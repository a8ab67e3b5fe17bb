// Structured logs on stderr: JSON lines (pino) when stderr is not a terminal, one readable
// line per record on a terminal.

import pino from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Log {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Log;
}

const LEVELS: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface LogOptions {
  level?: Level;
  pretty?: boolean;
  silent?: boolean;
}

export function createLog(opts: LogOptions = {}): Log {
  const level = opts.level ?? 'info';
  if (opts.silent) return { log() {}, child() { return this; } };
  const pretty = opts.pretty ?? process.stderr.isTTY === true;
  if (!pretty) {
    const p = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }));
    return wrapPino(p);
  }
  return prettyLog(LEVELS[level], {});
}

function wrapPino(p: pino.Logger): Log {
  return {
    log(level, msg, fields) {
      if (fields) p[level](fields, msg);
      else p[level](msg);
    },
    child(fields) {
      return wrapPino(p.child(fields));
    },
  };
}

const COLORS: Record<Level, string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };

function prettyLog(min: number, base: Record<string, unknown>): Log {
  return {
    log(level, msg, fields) {
      if (LEVELS[level] < min) return;
      const all = { ...base, ...fields };
      const kv = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      const t = new Date().toISOString().slice(11, 23);
      process.stderr.write(`${t} ${COLORS[level]}${level.toUpperCase().padEnd(5)}\x1b[0m ${msg}${kv ? '  \x1b[90m' + kv + '\x1b[0m' : ''}\n`);
    },
    child(fields) {
      return prettyLog(min, { ...base, ...fields });
    },
  };
}
