// An open file of a volume (`vol:open(path, mode)`): positioned reads and writes on a file
// descriptor, with the position kept here (node:fs has no lseek). Data are Lua byte strings.

import { closeSync, fstatSync, fsyncSync, readSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { KIND } from '../modules/errors.js';
import { FsError, fromNodeError } from './errors.js';
import { infoOf, type FileInfo } from './volume.js';

export class OpenFile {
  private pos = 0;
  private fd: number | undefined;

  constructor(fd: number, readonly vpath: string, readonly readable: boolean, readonly writable: boolean, private append: boolean) {
    this.fd = fd;
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  private open(): number {
    if (this.fd === undefined) throw new FsError(KIND.INVALID, `file ${this.vpath} is closed`);
    return this.fd;
  }

  /** Up to `size` bytes from the position; undefined at the end of the file. */
  read(size: number): string | undefined {
    const fd = this.open();
    if (!this.readable) throw new FsError(KIND.PERMISSION_DENIED, `file ${this.vpath} is not open for reading`);
    if (!Number.isInteger(size) || size <= 0) throw new FsError(KIND.INVALID, 'read size must be a positive integer');
    const buf = Buffer.allocUnsafe(Math.min(size, 16 * 1024 * 1024));
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, this.pos);
    } catch (e) {
      throw fromNodeError(e, 'read', this.vpath);
    }
    if (n === 0) return undefined;
    this.pos += n;
    return buf.toString('latin1', 0, n);
  }

  write(data: string): number {
    const fd = this.open();
    if (!this.writable) throw new FsError(KIND.PERMISSION_DENIED, `file ${this.vpath} is not open for writing`);
    const buf = Buffer.from(data, 'latin1');
    try {
      // an appending descriptor writes at the end whatever the position says
      if (this.append) this.pos = fstatSync(fd).size;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, this.pos + off);
    } catch (e) {
      throw fromNodeError(e, 'write', this.vpath);
    }
    this.pos += buf.length;
    return buf.length;
  }

  /** Move the position; returns the new one. */
  seek(whence: string, offset: number): number {
    const fd = this.open();
    if (!Number.isInteger(offset)) throw new FsError(KIND.INVALID, 'seek offset must be an integer');
    let base: number;
    if (whence === 'set') base = 0;
    else if (whence === 'cur') base = this.pos;
    else if (whence === 'end') base = fstatSync(fd).size;
    else throw new FsError(KIND.INVALID, `invalid seek whence ${JSON.stringify(whence)} (set, cur or end)`);
    if (base + offset < 0) throw new FsError(KIND.INVALID, 'seek before the start of the file');
    this.pos = base + offset;
    return this.pos;
  }

  stat(): FileInfo {
    return infoOf(basename(this.vpath), fstatSync(this.open()));
  }

  sync(): void {
    try {
      fsyncSync(this.open());
    } catch (e) {
      throw fromNodeError(e, 'sync', this.vpath);
    }
  }

  close(): void {
    const fd = this.open();
    this.fd = undefined;
    closeSync(fd);
  }

  /** Close if still open (at process exit); never throws. */
  release(): void {
    if (this.fd === undefined) return;
    try { this.close(); } catch { /* already gone */ }
  }
}

export type SplitMode = 'lines' | 'words' | 'bytes' | 'runes';

/**
 * `file:scanner(split)`: tokens read from the file's position on, in chunks. `lines` drops
 * the line end (`\n` or `\r\n`) and yields a last line without one; `words` splits on
 * ASCII white space; `bytes` yields single bytes; `runes` UTF-8 sequences (a bad byte alone).
 */
export class Scanner {
  private buf = '';
  private eof = false;
  private token: string | undefined;

  constructor(private file: OpenFile, private split: SplitMode) {}

  private fill(): boolean {
    if (this.eof) return false;
    const chunk = this.file.read(64 * 1024);
    if (chunk === undefined) {
      this.eof = true;
      return false;
    }
    this.buf += chunk;
    return true;
  }

  scan(): boolean {
    this.token = undefined;
    for (;;) {
      const t = this.next();
      if (t !== undefined) {
        this.token = t;
        return true;
      }
      if (!this.fill()) {
        const last = this.final();
        if (last === undefined) return false;
        this.token = last;
        return true;
      }
    }
  }

  text(): string {
    return this.token ?? '';
  }

  /** A complete token from the buffer, or undefined when more input is needed. */
  private next(): string | undefined {
    const b = this.buf;
    switch (this.split) {
      case 'lines': {
        const i = b.indexOf('\n');
        if (i < 0) return undefined;
        this.buf = b.slice(i + 1);
        return b.slice(0, i > 0 && b[i - 1] === '\r' ? i - 1 : i);
      }
      case 'words': {
        const m = /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]+)[ \t\n\v\f\r]/.exec(b);
        if (m === null) {
          if (/^[ \t\n\v\f\r]*$/.test(b)) this.buf = '';
          return undefined;
        }
        this.buf = b.slice(m[0].length - 1);
        return m[1];
      }
      case 'bytes':
        if (b === '') return undefined;
        this.buf = b.slice(1);
        return b[0];
      case 'runes': {
        if (b === '') return undefined;
        const n = runeLength(b);
        if (n > b.length && !this.eof) return undefined;
        this.buf = b.slice(Math.min(n, b.length));
        return b.slice(0, n);
      }
    }
  }

  /** What is left at the end of the file. */
  private final(): string | undefined {
    if (this.split === 'runes' || this.split === 'bytes') {
      const t = this.next();
      return t;
    }
    const rest = this.split === 'words' ? this.buf.trim() : this.buf;
    this.buf = '';
    if (rest === '') return undefined;
    return rest.endsWith('\r') && this.split === 'lines' ? rest.slice(0, -1) : rest;
  }
}

/** Bytes of the UTF-8 sequence starting `s` (1 for a byte that starts none). */
function runeLength(s: string): number {
  const c = s.charCodeAt(0);
  const n = c < 0x80 ? 1 : c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  for (let i = 1; i < n && i < s.length; i++) if ((s.charCodeAt(i) & 0xc0) !== 0x80) return 1;
  return n;
}

export function splitMode(v: string | undefined): SplitMode {
  const m = v ?? 'lines';
  if (m === 'lines' || m === 'words' || m === 'bytes' || m === 'runes') return m;
  throw new FsError(KIND.INVALID, `invalid scanner split ${JSON.stringify(v)} (lines, words, bytes or runes)`);
}
