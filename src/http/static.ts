// http.static: files of an `fs.directory` entry under a mount path. The request path is
// decoded, normalized and must stay inside the directory: `..` segments, encoded slashes
// or backslashes that would climb out are refused with 400, never resolved. With
// `static_options.spa`, unknown paths get the index file.

import { createReadStream, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, resolve, sep, extname } from 'node:path';
import type { Exchange } from './exchange.js';
import type { StaticInfo } from './routes.js';
import type { RtEntry } from '../system/runtime.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.wasm': 'application/wasm',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.map': 'application/json', '.xml': 'application/xml', '.pdf': 'application/pdf',
};

/** The root folder of an fs entry, or why it cannot serve files. */
export function fsRoot(fsEntry: RtEntry | undefined, appRoot: string): string | { error: string } {
  if (fsEntry === undefined) return { error: 'filesystem entry not found' };
  if (fsEntry.kind !== 'fs.directory') return { error: `filesystem kind ${fsEntry.kind} cannot be served` };
  const dir = fsEntry.data.directory;
  if (typeof dir !== 'string' || dir === '') return { error: `${fsEntry.id}: directory is required` };
  return isAbsolute(dir) ? dir : resolve(appRoot, dir);
}

/** The file path for a request path under the mount, or 'bad' for a traversal attempt. */
export function staticPath(root: string, mount: string, reqPath: string): string | 'bad' {
  let rel = mount === '/' ? reqPath : reqPath.slice(mount.length);
  if (rel.includes('\0') || rel.includes('\\')) return 'bad';
  const parts: string[] = [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return 'bad';
    parts.push(seg);
  }
  rel = parts.join(sep);
  const full = join(root, rel);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return 'bad';
  return full;
}

function fileStat(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

export function serveStatic(x: Exchange, s: StaticInfo, root: string): void {
  const method = x.req.method;
  if (method !== 'GET' && method !== 'HEAD') {
    x.setHeader('Allow', 'GET, HEAD');
    x.reply(405, 'text/plain; charset=utf-8', 'method not allowed');
    return;
  }
  const p = staticPath(root, s.mount, x.path);
  if (p === 'bad') {
    x.reply(400, 'text/plain; charset=utf-8', 'invalid path');
    return;
  }
  let file = p;
  let st = fileStat(file);
  if (st?.isDirectory()) {
    file = join(file, s.index ?? 'index.html');
    st = fileStat(file);
  }
  if ((st === undefined || !st.isFile()) && s.spa && s.index !== undefined) {
    file = join(root, s.index);
    st = fileStat(file);
  }
  if (st === undefined || !st.isFile()) {
    x.reply(404, 'text/plain; charset=utf-8', 'not found');
    return;
  }
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  x.setHeader('ETag', etag);
  x.setHeader('Last-Modified', st.mtime.toUTCString());
  if (s.cache !== undefined) x.setHeader('Cache-Control', s.cache);
  if (x.header('if-none-match') === etag) {
    x.status = 304;
    x.end();
    return;
  }
  x.setHeader('Content-Type', MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
  x.setHeader('Content-Length', String(st.size));
  x.status = 200;
  x.sendHead();
  const res = x.res!;
  x.ended = true;
  if (method === 'HEAD') {
    res.end();
    return;
  }
  const rs = createReadStream(file);
  rs.on('error', () => res.destroy());
  rs.pipe(res);
}
