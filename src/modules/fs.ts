// The `fs` module (services spec §5.2): FS objects on `fs.directory` volumes.
//
//   local vol, err = fs.get("app:files")          permission fs.get on the volume id
//   vol:readfile(p) / read_file     -> bytes, err
//   vol:writefile(p, data, "w"|"a"|"wx") / write_file -> true, err
//   vol:exists(p) vol:isdir(p)      -> bool, err
//   vol:stat(p)                     -> {name, size, mode, modified, is_dir, type}, err
//   vol:mkdir(p) vol:remove(p)      -> true, err
//   for e in vol:readdir(p) do      -- e = {name, type}
//   vol:open(p, mode)               -> File: read(n?) write(s) seek(whence, off) stat() sync()
//                                      close() scanner(split?) -> scan() text()
//   vol:chdir(p) vol:pwd()          working directory of this FS object
//
// An FS object holds the volume id and its own working directory; the volume is looked up
// at every call, so an edited entry applies at once and a removed one fails with NOT_FOUND.
// Files still open when their process ends are closed then.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND, fail } from './errors.js';
import { refusal } from '../security/guard.js';
import type { Runtime } from '../system/runtime.js';
import { FsError } from '../fs/errors.js';
import { volumes } from '../fs/volumes.js';
import { OpenFile, Scanner, splitMode } from '../fs/file.js';
import type { FileInfo } from '../fs/volume.js';

interface FsHandle {
  id: string;
  cwd: string;
}

/** Run `f`, turning a classified failure into Lua's `nil, err`. */
function guarded<T extends unknown[]>(f: (...a: T) => LuaValue | LuaValue[]): (...a: T) => LuaValue | LuaValue[] {
  return (...a: T) => {
    try {
      return f(...a);
    } catch (e) {
      if (e instanceof FsError) return fail(e.kind, e.message);
      throw e;
    }
  };
}

function text(v: LuaValue, what: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new FsError(KIND.INVALID, `${what} must be a string`);
  return bytesToText(v);
}

function infoTable(i: FileInfo): LuaTable {
  const t = new LuaTable();
  t.setStr('name', textToBytes(i.name));
  t.setStr('size', i.size);
  t.setStr('mode', i.mode);
  t.setStr('modified', i.modified);
  t.setStr('is_dir', i.isDir);
  t.setStr('type', i.type);
  return t;
}

export function createFsModule(rt: Runtime): LuaTable {
  const fsMeta = new LuaTable();
  const fileMeta = new LuaTable();
  const scanMeta = new LuaTable();

  const handle = (self: LuaValue): FsHandle => {
    if (!(self instanceof Userdata) || self.mt !== fsMeta) throw new FsError(KIND.INVALID, 'not a file system (use vol:method(...))');
    return self.data as FsHandle;
  };
  /** the volume and the normalized volume path of argument `p` */
  const at = (self: LuaValue, p: LuaValue) => {
    const h = handle(self);
    const vol = volumes(rt).get(h.id);
    return { vol, path: vol.path(text(p, 'path'), h.cwd), h };
  };
  const fileOf = (self: LuaValue): OpenFile => {
    if (!(self instanceof Userdata) || self.mt !== fileMeta) throw new FsError(KIND.INVALID, 'not a file (use f:method(...))');
    return self.data as OpenFile;
  };

  const readfile = guarded((self: LuaValue, p: LuaValue) => {
    const { vol, path } = at(self, p);
    return vol.readFile(path);
  });
  const writefile = guarded((self: LuaValue, p: LuaValue, data: LuaValue, mode: LuaValue) => {
    const { vol, path } = at(self, p);
    if (typeof data !== 'string' && typeof data !== 'number') throw new FsError(KIND.INVALID, 'data must be a string');
    vol.writeFile(path, String(data), mode === undefined ? 'w' : text(mode, 'mode'));
    return true;
  });

  fsMeta.setStr('__name', 'fs.FS');
  fsMeta.setStr('__index', makeLib({
    readfile,
    read_file: readfile,
    writefile,
    write_file: writefile,
    exists: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      return vol.exists(path);
    }),
    isdir: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      return vol.isDir(path);
    }),
    stat: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      return infoTable(vol.stat(path));
    }),
    mkdir: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      vol.mkdir(path);
      return true;
    }),
    remove: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      vol.remove(path);
      return true;
    }),
    readdir: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path } = at(self, p);
      const list = vol.readDir(path);
      let i = 0;
      return (): LuaValue => {
        const d = list[i++];
        if (d === undefined) return undefined;
        const t = new LuaTable();
        t.setStr('name', textToBytes(d.name));
        t.setStr('type', d.type);
        return t;
      };
    }),
    open: guarded((self: LuaValue, p: LuaValue, mode: LuaValue) => {
      const { vol, path } = at(self, p);
      const o = vol.open(path, mode === undefined ? 'r' : text(mode, 'mode'));
      const f = new OpenFile(o.fd, path, o.readable, o.writable, o.append);
      rt.node.current?.onExit(() => f.release());
      return new Userdata(f, fileMeta);
    }),
    chdir: guarded((self: LuaValue, p: LuaValue) => {
      const { vol, path, h } = at(self, p);
      vol.checkDir(path);
      h.cwd = path;
      return true;
    }),
    pwd: guarded((self: LuaValue) => textToBytes(handle(self).cwd)),
  }));

  fileMeta.setStr('__name', 'fs.File');
  fileMeta.setStr('__index', makeLib({
    read: guarded((self: LuaValue, n: LuaValue) => {
      const size = n === undefined ? 4096 : n;
      if (typeof size !== 'number') throw new FsError(KIND.INVALID, 'read size must be a number');
      return fileOf(self).read(size);
    }),
    write: guarded((self: LuaValue, data: LuaValue) => {
      if (typeof data !== 'string' && typeof data !== 'number') throw new FsError(KIND.INVALID, 'data must be a string');
      fileOf(self).write(String(data));
      return true;
    }),
    seek: guarded((self: LuaValue, whence: LuaValue, off: LuaValue) => {
      const offset = off === undefined ? 0 : off;
      if (typeof offset !== 'number') throw new FsError(KIND.INVALID, 'seek offset must be a number');
      return fileOf(self).seek(whence === undefined ? 'cur' : text(whence, 'whence'), offset);
    }),
    stat: guarded((self: LuaValue) => infoTable(fileOf(self).stat())),
    sync: guarded((self: LuaValue) => {
      fileOf(self).sync();
      return true;
    }),
    close: guarded((self: LuaValue) => {
      fileOf(self).close();
      return true;
    }),
    scanner: guarded((self: LuaValue, split: LuaValue) => {
      const f = fileOf(self);
      if (f.closed) throw new FsError(KIND.INVALID, `file ${f.vpath} is closed`);
      return new Userdata(new Scanner(f, splitMode(split === undefined ? undefined : text(split, 'split'))), scanMeta);
    }),
  }));

  const scannerOf = (self: LuaValue): Scanner => {
    if (!(self instanceof Userdata) || self.mt !== scanMeta) throw new FsError(KIND.INVALID, 'not a scanner (use s:method(...))');
    return self.data as Scanner;
  };
  scanMeta.setStr('__name', 'fs.Scanner');
  scanMeta.setStr('__index', makeLib({
    scan: guarded((self: LuaValue) => scannerOf(self).scan()),
    text: guarded((self: LuaValue) => scannerOf(self).text()),
  }));

  const type = makeLib({ FILE: 'file', DIR: 'directory' });
  const seek = makeLib({ SET: 'set', CUR: 'cur', END: 'end' });
  type.frozen = true;
  seek.frozen = true;
  const mod = makeLib({
    get: guarded((id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'volume id required');
      const key = bytesToText(id);
      const no = refusal(rt.node, 'fs.get', key);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      volumes(rt).get(key);
      return new Userdata({ id: key, cwd: '/' } satisfies FsHandle, fsMeta);
    }),
    type,
    seek,
  });
  mod.frozen = true;
  return mod;
}
