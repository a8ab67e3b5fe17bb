// The `sendfile` middleware: a handler sets `X-Sendfile` to a path inside the filesystem
// named by `sendfile.fs` (and optionally `X-File-Name` for the download name); the server
// then streams that file instead of the handler's body, with single-range `Range` support.

import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Exchange } from './exchange.js';
import { staticPath } from './static.js';

const TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.pdf': 'application/pdf', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.csv': 'text/csv; charset=utf-8', '.zip': 'application/zip', '.html': 'text/html; charset=utf-8',
};

export function sendFile(x: Exchange, root: string): void {
  const rel = x.getHeader('x-sendfile') ?? '';
  const name = x.getHeader('x-file-name');
  x.headers.delete('x-sendfile');
  x.headers.delete('x-file-name');
  x.chunks = [];
  const p = staticPath(root, '/', rel.startsWith('/') ? rel : '/' + rel);
  let size = -1;
  try {
    if (p !== 'bad') {
      const st = statSync(p);
      if (st.isFile()) size = st.size;
    }
  } catch {
    size = -1;
  }
  if (p === 'bad' || size < 0) {
    x.reply(404, 'application/json', JSON.stringify({ error: 'file not found' }));
    return;
  }
  if (!x.headers.has('content-type')) x.setHeader('Content-Type', TYPES[extname(p).toLowerCase()] ?? 'application/octet-stream');
  if (name !== undefined) x.setHeader('Content-Disposition', `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`);
  x.setHeader('Accept-Ranges', 'bytes');
  let start = 0, end = size - 1;
  const range = /^bytes=(\d*)-(\d*)$/.exec(x.header('range') ?? '');
  if (range !== null && (range[1] !== '' || range[2] !== '')) {
    if (range[1] === '') start = Math.max(0, size - Number(range[2]));
    else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(end, Number(range[2]));
    }
    if (start > end || start >= size) {
      x.setHeader('Content-Range', `bytes */${size}`);
      x.reply(416, 'text/plain; charset=utf-8', 'range not satisfiable');
      return;
    }
    x.status = 206;
    x.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  x.setHeader('Content-Length', String(end - start + 1));
  x.sendHead();
  x.ended = true;
  const res = x.res!;
  if (x.req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const rs = createReadStream(p, { start, end });
  rs.on('error', () => res.destroy());
  rs.pipe(res);
}
