// Volume paths -> host paths, confined to the volume root (services spec §5.1).
//
// A volume path is always read inside the volume: `/a/b` is `a/b` under the root (the
// reference's volumes are rooted file systems, so apps write `vol:readfile("/config.json")`),
// and a relative path is taken from the volume's working directory (`chdir`). `.` and `..`
// are resolved on the text first; a path whose `..` would climb above the root is refused,
// not clamped, so a mistake is reported instead of silently reading another file. A NUL byte
// is refused (the OS would cut the path there). Symbolic links are followed only when their
// target stays inside the root: `confine` compares the real path of the deepest existing
// part of the path with the real path of the root.

import { realpathSync, lstatSync } from 'node:fs';
import { join, sep, dirname } from 'node:path';
import { KIND } from '../modules/errors.js';
import { FsError } from './errors.js';

/** `path` (a volume path, JS text) against the working directory `cwd` ("/..."), normalized. */
export function volumePath(path: string, cwd: string): string {
  if (path === '') throw new FsError(KIND.INVALID, 'path is empty');
  if (path.includes('\0')) throw new FsError(KIND.INVALID, `path ${JSON.stringify(path)} contains a NUL byte`);
  const parts: string[] = [];
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) throw new FsError(KIND.PERMISSION_DENIED, `path ${path} escapes the volume root`);
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return '/' + parts.join('/');
}

function inside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/** The real path of `p`, or of its deepest existing ancestor joined with the missing rest. */
function realOrAncestor(p: string): string {
  const missing: string[] = [];
  let cur = p;
  for (;;) {
    try {
      const real = realpathSync(cur);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      // a dangling symbolic link: its target is unknown, so it cannot be shown to stay inside
      if (isLink(cur)) return '\0dangling';
      const up = dirname(cur);
      if (up === cur) return p;
      missing.push(cur.slice(up.length + (up.endsWith(sep) ? 0 : 1)));
      cur = up;
    }
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The host path of volume path `vpath` (already normalized by `volumePath`) under `root`,
 * refused when a symbolic link on the way leads outside the root. With `followLast` false the
 * last part is not followed (removing a link removes the link, wherever it points).
 */
export function confine(root: string, rootReal: string, vpath: string, followLast = true): string {
  const host = vpath === '/' ? root : join(root, ...vpath.slice(1).split('/'));
  const real = followLast || vpath === '/' ? realOrAncestor(host) : realOrAncestor(dirname(host));
  if (!inside(real, rootReal)) throw new FsError(KIND.PERMISSION_DENIED, `path ${vpath} leads outside the volume root`);
  return host;
}
