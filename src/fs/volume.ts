// A directory volume (`fs.directory`): every operation of the Lua `fs` module's FS object on
// node:fs, confined to the root (paths.ts) and restricted by the entry's mode (mode.ts).
//
// Operations are synchronous, like the reference's: a local file call is short and costs a
// plain function call, with no coroutine parked. File contents are Lua byte strings (latin1
// JS strings) in and out; names cross as UTF-8 text (volume paths arrive already decoded).

import {
  readFileSync, writeFileSync, statSync, mkdirSync, rmdirSync, unlinkSync, lstatSync, readdirSync, realpathSync,
  openSync, type Stats,
} from 'node:fs';
import { basename } from 'node:path';
import { KIND } from '../modules/errors.js';
import { FsError, fromNodeError } from './errors.js';
import { confine, volumePath } from './paths.js';
import type { VolumeMode } from './mode.js';

export interface FileInfo {
  name: string;
  size: number;
  /** permission bits */
  mode: number;
  /** modification time, Unix seconds */
  modified: number;
  isDir: boolean;
  type: 'file' | 'directory';
}

export interface DirEntry {
  name: string;
  type: 'file' | 'directory';
}

/** Open modes of `writefile` and `open`, as node:fs flags. */
const WRITE_FLAGS: Record<string, string> = { w: 'w', a: 'a', wx: 'wx' };
export const OPEN_FLAGS: Record<string, string> = {
  r: 'r', 'r+': 'r+', w: 'w', 'w+': 'w+', a: 'a', 'a+': 'a+', wx: 'wx', 'wx+': 'wx+',
};

export function infoOf(name: string, st: Stats): FileInfo {
  const isDir = st.isDirectory();
  return { name, size: st.size, mode: st.mode & 0o7777, modified: Math.floor(st.mtimeMs / 1000), isDir, type: isDir ? 'directory' : 'file' };
}

export class DirectoryVolume {
  private rootReal: string | undefined;

  /** `root`: absolute host path; `readOnly`: every change refused (fs.embed-like volumes) */
  constructor(readonly id: string, readonly root: string, readonly mode: VolumeMode, readonly readOnly = false) {}

  /** The real path of the root, checked to be a directory (it may be created after boot). */
  private realRoot(): string {
    if (this.rootReal !== undefined) return this.rootReal;
    let st: Stats;
    try {
      st = statSync(this.root);
    } catch {
      throw new FsError(KIND.NOT_FOUND, `volume ${this.id}: directory ${this.root} does not exist`);
    }
    if (!st.isDirectory()) throw new FsError(KIND.INVALID, `volume ${this.id}: ${this.root} is not a directory`);
    this.rootReal = realpathSync(this.root);
    return this.rootReal;
  }

  /** Normalize a volume path against the working directory `cwd`. */
  path(path: string, cwd = '/'): string {
    return volumePath(path, cwd);
  }

  /** The host path of a normalized volume path, after the access check. */
  private host(vpath: string, access: 'read' | 'write', followLast = true): string {
    if (access === 'read' && !this.mode.canRead) throw new FsError(KIND.PERMISSION_DENIED, `volume ${this.id} is not readable (mode ${this.mode.bits.toString(8)})`);
    if (access === 'write') {
      if (this.readOnly) throw new FsError(KIND.PERMISSION_DENIED, `volume ${this.id} is read-only`);
      if (!this.mode.canWrite) throw new FsError(KIND.PERMISSION_DENIED, `volume ${this.id} is not writable (mode ${this.mode.bits.toString(8)})`);
    }
    return confine(this.root, this.realRoot(), vpath, followLast);
  }

  readFile(vpath: string): string {
    const p = this.host(vpath, 'read');
    try {
      return readFileSync(p).toString('latin1');
    } catch (e) {
      throw fromNodeError(e, 'read', vpath);
    }
  }

  writeFile(vpath: string, data: string, mode = 'w'): void {
    const flag = WRITE_FLAGS[mode];
    if (flag === undefined) throw new FsError(KIND.INVALID, `invalid write mode ${JSON.stringify(mode)} (w, a or wx)`);
    if (vpath === '/') throw new FsError(KIND.INVALID, 'cannot write the volume root');
    const p = this.host(vpath, 'write');
    try {
      writeFileSync(p, Buffer.from(data, 'latin1'), { flag, mode: this.mode.fileMode });
    } catch (e) {
      throw fromNodeError(e, 'write', vpath);
    }
  }

  /** Whether the path exists; a path outside the root is an error, not `false`. */
  exists(vpath: string): boolean {
    const p = this.host(vpath, 'read');
    try {
      lstatSync(p);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw fromNodeError(e, 'stat', vpath);
    }
  }

  stat(vpath: string): FileInfo {
    const p = this.host(vpath, 'read');
    try {
      return infoOf(vpath === '/' ? '/' : basename(vpath), statSync(p));
    } catch (e) {
      throw fromNodeError(e, 'stat', vpath);
    }
  }

  isDir(vpath: string): boolean {
    if (!this.exists(vpath)) return false;
    return this.stat(vpath).isDir;
  }

  mkdir(vpath: string): void {
    const p = this.host(vpath, 'write');
    try {
      mkdirSync(p, { mode: this.mode.dirMode });
    } catch (e) {
      throw fromNodeError(e, 'mkdir', vpath);
    }
  }

  /** Remove a file, a symbolic link (not its target) or an empty directory. */
  remove(vpath: string): void {
    if (vpath === '/') throw new FsError(KIND.PERMISSION_DENIED, 'cannot remove the volume root');
    const p = this.host(vpath, 'write', false);
    try {
      if (lstatSync(p).isDirectory()) rmdirSync(p);
      else unlinkSync(p);
    } catch (e) {
      throw fromNodeError(e, 'remove', vpath);
    }
  }

  /** Entries sorted by name; a symbolic link counts as what it points to when that is inside. */
  readDir(vpath: string): DirEntry[] {
    const p = this.host(vpath, 'read');
    let list;
    try {
      list = readdirSync(p, { withFileTypes: true });
    } catch (e) {
      throw fromNodeError(e, 'readdir', vpath);
    }
    const out: DirEntry[] = [];
    for (const d of list) {
      let dir = d.isDirectory();
      if (d.isSymbolicLink()) {
        const child = vpath === '/' ? `/${d.name}` : `${vpath}/${d.name}`;
        try {
          dir = statSync(this.host(child, 'read')).isDirectory();
        } catch {
          dir = false;
        }
      }
      out.push({ name: d.name, type: dir ? 'directory' : 'file' });
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  /** Open a file: a descriptor and whether it appends (node:fs flags from OPEN_FLAGS). */
  open(vpath: string, mode: string): { fd: number; readable: boolean; writable: boolean; append: boolean } {
    const flag = OPEN_FLAGS[mode];
    if (flag === undefined) throw new FsError(KIND.INVALID, `invalid open mode ${JSON.stringify(mode)} (r, w, a, wx, r+, w+, a+)`);
    const writable = flag !== 'r';
    const readable = flag === 'r' || flag.endsWith('+');
    if (readable) this.host(vpath, 'read');
    const p = this.host(vpath, writable ? 'write' : 'read');
    try {
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) throw new FsError(KIND.INVALID, `open ${vpath}: is a directory`);
      return { fd: openSync(p, flag, this.mode.fileMode), readable, writable, append: flag.startsWith('a') };
    } catch (e) {
      throw fromNodeError(e, 'open', vpath);
    }
  }

  /** Whether `vpath` is a directory one may `chdir` to. */
  checkDir(vpath: string): void {
    if (!this.stat(vpath).isDir) throw new FsError(KIND.INVALID, `chdir ${vpath}: not a directory`);
  }
}
