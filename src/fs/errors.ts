// A classified file-system failure: the error kind Lua sees (services spec §5.2) and a
// message naming the volume path. Anything else thrown from src/fs is a host bug.

import { KIND } from '../modules/errors.js';

export class FsError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}

/** The kind of a node:fs error code (ENOENT -> NOT_FOUND, ...). */
export function kindOfCode(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return KIND.NOT_FOUND;
    case 'EEXIST':
      return KIND.ALREADY_EXISTS;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return KIND.PERMISSION_DENIED;
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'EINVAL':
    case 'ENAMETOOLONG':
    case 'ELOOP':
      return KIND.INVALID;
    default:
      return KIND.INTERNAL;
  }
}

/** A node:fs error as an FsError about the volume path `shown` (never the host path). */
export function fromNodeError(e: unknown, op: string, shown: string): FsError {
  if (e instanceof FsError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === undefined) throw e;
  const what = code === 'ENOENT' ? 'no such file or directory'
    : code === 'EEXIST' ? 'already exists'
    : code === 'ENOTEMPTY' ? 'directory not empty'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOTDIR' ? 'not a directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code.toLowerCase();
  return new FsError(kindOfCode(code), `${op} ${shown}: ${what}`);
}
