// Structured logs on stderr: JSON lines (pino) or one readable line per record ("console").
// Unless `.wippy.yaml` sets `logger.encoding`, a terminal gets console lines and anything
// else JSON; colours only on a terminal.

import pino from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Log {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Log;
}

const LEVELS: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export type LogEncoding = 'console' | 'json';

export interface LogOptions {
  level?: Level;
  encoding?: LogEncoding;
  silent?: boolean;
}

export function createLog(opts: LogOptions = {}): Log {
  const level = opts.level ?? 'info';
  if (opts.silent) return { log() {}, child() { return this; } };
  const tty = process.stderr.isTTY === true;
  const encoding = opts.encoding ?? (tty ? 'console' : 'json');
  if (encoding === 'json') {
    const p = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }));
    return wrapPino(p);
  }
  return consoleLog(LEVELS[level], tty ? COLORS : NO_COLORS, {});
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

interface Colors { level: Record<Level, string>; fields: string; reset: string }
const COLORS: Colors = {
  level: { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' }, fields: '\x1b[90m', reset: '\x1b[0m',
};
const NO_COLORS: Colors = { level: { debug: '', info: '', warn: '', error: '' }, fields: '', reset: '' };

function consoleLog(min: number, c: Colors, base: Record<string, unknown>): Log {
  return {
    log(level, msg, fields) {
      if (LEVELS[level] < min) return;
      const all = { ...base, ...fields };
      const kv = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      const t = new Date().toISOString().slice(11, 23);
      process.stderr.write(`${t} ${c.level[level]}${level.toUpperCase().padEnd(5)}${c.reset} ${msg}${kv ? '  ' + c.fields + kv + c.reset : ''}\n`);
    },
    child(fields) {
      return consoleLog(min, c, { ...base, ...fields });
    },
  };
}
