// Standard input read synchronously, as byte strings: lines and chunks. Used by the `io`
// library of plain scripts and by the terminal `io` module outside a process.

import { readSync } from 'node:fs';

export class SyncStdin {
  private pending = '';
  private eof = false;

  /** Read more bytes; false at end of input. */
  fill(): boolean {
    if (this.eof) return false;
    const buf = Buffer.alloc(65536);
    let n = 0;
    try { n = readSync(0, buf, 0, buf.length, null); } catch { n = 0; }
    if (n === 0) { this.eof = true; return false; }
    this.pending += buf.subarray(0, n).toString('latin1');
    return true;
  }

  /** The next line (with its newline when keepNl), or undefined at end of input. */
  line(keepNl: boolean): string | undefined {
    for (;;) {
      const i = this.pending.indexOf('\n');
      if (i >= 0) {
        const l = this.pending.slice(0, keepNl ? i + 1 : i);
        this.pending = this.pending.slice(i + 1);
        return l;
      }
      if (!this.fill()) {
        if (this.pending === '') return undefined;
        const l = this.pending;
        this.pending = '';
        return l;
      }
    }
  }

  /** Up to n bytes (at least one read is attempted), or undefined at end of input. */
  chunk(n: number): string | undefined {
    if (this.pending === '') this.fill();
    const s = this.pending.slice(0, n);
    this.pending = this.pending.slice(s.length);
    return s === '' ? undefined : s;
  }

  /** Everything up to the end of input. */
  all(): string {
    while (this.fill());
    const s = this.pending;
    this.pending = '';
    return s;
  }
}
