// Placeholder rewriting (services spec §2.3). Real code mixes styles across drivers: the
// framework runs `?` SQL on PostgreSQL and `$1` SQL on SQLite, and some code uses SQLite's
// `?NNN`. We scan the text once, skipping string literals, quoted identifiers, comments and
// dollar-quoted bodies, and produce the driver's own style:
//   postgres: every `?` becomes `$1..$n` in order (JSONB `?|` and `?&` are operators)
//   sqlite:   `?`, `?NNN` and `$NNN` all become `?`, with the bind list reordered to match

import type { BindValue } from './types.js';

type Visit = (kind: 'q' | 'qn' | 'dn', text: string, num: number) => string;

/** Walk `sql`, replacing each placeholder occurrence with what `visit` returns. */
function scan(sql: string, visit: Visit): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = closeQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      const num = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (tag !== null) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        out += sql.slice(i, end);
        i = end;
      } else if (num !== null) {
        out += visit('dn', num[0], Number(num[1]));
        i += num[0].length;
      } else {
        out += c;
        i++;
      }
    } else if (c === '?') {
      const next = sql[i + 1];
      if (next === '|' || next === '&') {
        out += c + next;
        i += 2;
        continue;
      }
      const num = /^\?(\d+)/.exec(sql.slice(i, i + 12));
      if (num !== null) {
        out += visit('qn', num[0], Number(num[1]));
        i += num[0].length;
      } else {
        out += visit('q', '?', 0);
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function closeQuote(sql: string, start: number, q: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) { i += 2; continue; } // doubled quote inside the literal
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** PostgreSQL: `?` -> `$n`; text that already uses `$n` only is returned unchanged. */
export function toPostgres(sql: string): string {
  if (!sql.includes('?')) return sql;
  let k = 0;
  return scan(sql, (kind, text) => (kind === 'q' ? `$${++k}` : text));
}

/** SQLite: every placeholder style as `?`, with the binds in the order the text uses them. */
export function toSqlite(sql: string, params: BindValue[]): { sql: string; params: BindValue[] } {
  if (!sql.includes('$') && !/\?\d/.test(sql)) return { sql, params };
  const ordered: BindValue[] = [];
  let seq = 0;
  let numbered = false;
  const text = scan(sql, (kind, raw, num) => {
    if (kind === 'q') {
      ordered.push(params[seq++] ?? null);
      return '?';
    }
    numbered = true;
    ordered.push(num >= 1 && num <= params.length ? params[num - 1] : missing(raw));
    return '?';
  });
  return numbered ? { sql: text, params: ordered } : { sql, params };
}

function missing(raw: string): never {
  throw new RangeError(`no bind value for placeholder ${raw}`);
}
