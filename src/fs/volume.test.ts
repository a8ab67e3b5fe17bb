// Directory volumes on the real file system: confinement (.., absolute paths, symbolic links
// out of the root, NUL bytes), byte-exact contents, the entry's mode, open files, scanners.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryVolume } from './volume.js';
import { OpenFile, Scanner } from './file.js';
import { parseMode, type VolumeMode } from './mode.js';
import { FsError } from './errors.js';

function setup(mode: unknown = '0755') {
  const base = mkdtempSync(join(tmpdir(), 'wippy-fs-'));
  const root = join(base, 'root');
  mkdirSync(root);
  writeFileSync(join(base, 'secret.txt'), 'outside');
  mkdirSync(join(base, 'outside-dir'));
  writeFileSync(join(base, 'outside-dir', 'x.txt'), 'outside');
  const vol = new DirectoryVolume('app:files', root, parseMode(mode) as VolumeMode);
  return { base, root, vol };
}

function kindOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FsError) return e.kind;
    throw e;
  }
  return 'no error';
}

const p = (vol: DirectoryVolume, path: string, cwd = '/') => vol.path(path, cwd);

test('volume paths: /x is inside the root, . and inner .. resolve, climbing out is refused', () => {
  const { vol, root } = setup();
  vol.writeFile(p(vol, '/a.txt'), 'A');
  assert.equal(readFileSync(join(root, 'a.txt'), 'latin1'), 'A');
  assert.equal(p(vol, 'sub/./../a.txt'), '/a.txt');
  assert.equal(p(vol, 'b.txt', '/sub'), '/sub/b.txt');
  assert.equal(p(vol, '/'), '/');
  // an absolute host path is a path inside the volume, never the host's
  assert.equal(p(vol, '/etc/passwd'), '/etc/passwd');
  assert.equal(kindOf(() => vol.readFile(p(vol, '/etc/passwd'))), 'NotFound');
  for (const bad of ['..', '../secret.txt', '/../secret.txt', 'a/../../secret.txt', '../root/a.txt']) {
    assert.equal(kindOf(() => p(vol, bad)), 'PermissionDenied', bad);
  }
  assert.equal(kindOf(() => p(vol, '..', '/')), 'PermissionDenied');
  assert.match(String((() => { try { p(vol, '../secret.txt'); } catch (e) { return (e as Error).message; } })()), /escapes the volume root/);
  assert.equal(kindOf(() => p(vol, 'a\0.txt')), 'Invalid');
  assert.equal(kindOf(() => p(vol, '')), 'Invalid');
});

test('volume paths: symbolic links leading outside the root are refused, inside ones work', () => {
  const { vol, root, base } = setup();
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(join(base, 'outside-dir'), join(root, 'outdir'));
  symlinkSync(join(base, 'nowhere.txt'), join(root, 'dangling.txt'));
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'ok.txt'), 'inside');
  symlinkSync(join(root, 'in'), join(root, 'inlink'));
  assert.equal(kindOf(() => vol.readFile(p(vol, '/link.txt'))), 'PermissionDenied');
  assert.equal(kindOf(() => vol.writeFile(p(vol, '/link.txt'), 'x')), 'PermissionDenied');
  assert.equal(kindOf(() => vol.readFile(p(vol, '/outdir/x.txt'))), 'PermissionDenied');
  assert.equal(kindOf(() => vol.writeFile(p(vol, '/outdir/new.txt'), 'x')), 'PermissionDenied');
  assert.equal(kindOf(() => vol.readDir(p(vol, '/outdir'))), 'PermissionDenied');
  assert.equal(kindOf(() => vol.open(p(vol, '/link.txt'), 'r')), 'PermissionDenied');
  // a dangling link would create its target wherever it points
  assert.equal(kindOf(() => vol.writeFile(p(vol, '/dangling.txt'), 'x')), 'PermissionDenied');
  assert.equal(existsSync(join(base, 'nowhere.txt')), false);
  assert.equal(existsSync(join(base, 'outside-dir', 'new.txt')), false);
  assert.equal(readFileSync(join(base, 'secret.txt'), 'utf8'), 'outside');
  assert.equal(vol.readFile(p(vol, '/inlink/ok.txt')), 'inside');
  // removing a link removes the link, not what it points to
  vol.remove(p(vol, '/link.txt'));
  assert.equal(existsSync(join(base, 'secret.txt')), true);
  // a root reached through a symbolic link is fine: the real root is what is compared
  const alias = join(base, 'alias');
  symlinkSync(root, alias);
  const v2 = new DirectoryVolume('app:alias', alias, parseMode('0755') as VolumeMode);
  assert.equal(v2.readFile(p(v2, 'in/ok.txt')), 'inside');
  assert.equal(kindOf(() => v2.readFile(p(v2, '/outdir/x.txt'))), 'PermissionDenied');
});

test('contents are bytes: a binary file round-trips unchanged', () => {
  const { vol, root } = setup();
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  writeFileSync(join(root, 'all.bin'), bytes);
  const s = vol.readFile(p(vol, '/all.bin'));
  assert.equal(s.length, 256);
  assert.equal(s.charCodeAt(200), 200);
  vol.writeFile(p(vol, '/copy.bin'), s);
  assert.deepEqual(readFileSync(join(root, 'copy.bin')), bytes);
  // UTF-8 text stays its bytes (é is two bytes)
  vol.writeFile(p(vol, '/t.txt'), Buffer.from('é', 'utf8').toString('latin1'));
  assert.equal(readFileSync(join(root, 't.txt'), 'utf8'), 'é');
  assert.equal(vol.stat(p(vol, '/t.txt')).size, 2);
});

test('writefile modes w, a, wx and their errors; mkdir, remove, readdir, stat, exists', () => {
  const { vol, root } = setup();
  vol.writeFile(p(vol, 'log.txt'), 'one\n');
  vol.writeFile(p(vol, 'log.txt'), 'two\n', 'a');
  assert.equal(vol.readFile(p(vol, 'log.txt')), 'one\ntwo\n');
  vol.writeFile(p(vol, 'log.txt'), 'over');
  assert.equal(vol.readFile(p(vol, 'log.txt')), 'over');
  assert.equal(kindOf(() => vol.writeFile(p(vol, 'log.txt'), 'x', 'wx')), 'AlreadyExists');
  vol.writeFile(p(vol, 'lock'), '1', 'wx');
  assert.equal(kindOf(() => vol.writeFile(p(vol, 'x'), 'x', 'rw')), 'Invalid');
  assert.equal(kindOf(() => vol.writeFile(p(vol, 'no/dir/x'), 'x')), 'NotFound');
  vol.mkdir(p(vol, 'sub'));
  assert.equal(kindOf(() => vol.mkdir(p(vol, 'sub'))), 'AlreadyExists');
  vol.writeFile(p(vol, 'sub/z.txt'), 'z');
  assert.equal(kindOf(() => vol.remove(p(vol, 'sub'))), 'Invalid');
  assert.equal(kindOf(() => vol.remove(p(vol, 'missing'))), 'NotFound');
  assert.equal(kindOf(() => vol.remove(p(vol, '/'))), 'PermissionDenied');
  assert.deepEqual(vol.readDir(p(vol, '/')), [
    { name: 'lock', type: 'file' }, { name: 'log.txt', type: 'file' }, { name: 'sub', type: 'directory' },
  ]);
  assert.equal(kindOf(() => vol.readDir(p(vol, 'nope'))), 'NotFound');
  const st = vol.stat(p(vol, 'sub/z.txt'));
  assert.equal(st.name, 'z.txt');
  assert.equal(st.size, 1);
  assert.equal(st.type, 'file');
  assert.equal(st.isDir, false);
  assert.ok(Math.abs(st.modified - Date.now() / 1000) < 60);
  assert.equal(vol.stat(p(vol, 'sub')).type, 'directory');
  assert.equal(kindOf(() => vol.stat(p(vol, 'nope'))), 'NotFound');
  assert.equal(vol.exists(p(vol, 'sub/z.txt')), true);
  assert.equal(vol.exists(p(vol, 'sub/none')), false);
  assert.equal(vol.exists(p(vol, 'log.txt/x')), false);
  assert.equal(vol.isDir(p(vol, 'sub')), true);
  assert.equal(vol.isDir(p(vol, 'log.txt')), false);
  assert.equal(vol.isDir(p(vol, 'none')), false);
  vol.remove(p(vol, 'sub/z.txt'));
  vol.remove(p(vol, 'sub'));
  assert.equal(existsSync(join(root, 'sub')), false);
});

test('mode: read implies execute; a read-only mode refuses changes, a mode without read refuses reads', () => {
  assert.equal((parseMode('0644') as VolumeMode).bits, 0o755);
  assert.equal((parseMode('0600') as VolumeMode).bits, 0o700);
  assert.equal((parseMode(undefined) as VolumeMode).bits, 0o755);
  assert.equal((parseMode(0o750) as VolumeMode).bits, 0o750);
  assert.equal((parseMode(755) as VolumeMode).bits, 0o755);
  assert.equal(typeof parseMode('rwx'), 'string');
  assert.equal(typeof parseMode('0999'), 'string');
  assert.equal(typeof parseMode(-1), 'string');

  const { vol: ro, root } = setup('0555');
  writeFileSync(join(root, 'a.txt'), 'A');
  assert.equal(ro.readFile(p(ro, 'a.txt')), 'A');
  assert.equal(kindOf(() => ro.writeFile(p(ro, 'a.txt'), 'x')), 'PermissionDenied');
  assert.equal(kindOf(() => ro.mkdir(p(ro, 'd'))), 'PermissionDenied');
  assert.equal(kindOf(() => ro.remove(p(ro, 'a.txt'))), 'PermissionDenied');
  assert.equal(kindOf(() => ro.open(p(ro, 'a.txt'), 'a')), 'PermissionDenied');
  assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'A');

  const { vol: wo } = setup('0200');
  wo.writeFile(p(wo, 'b.txt'), 'B');
  assert.equal(kindOf(() => wo.readFile(p(wo, 'b.txt'))), 'PermissionDenied');
  assert.equal(kindOf(() => wo.readDir(p(wo, '/'))), 'PermissionDenied');

  // new files and directories get the mode (narrowed by the umask, never widened)
  const { vol: priv, root: r3 } = setup('0700');
  priv.writeFile(p(priv, 'f'), 'x');
  priv.mkdir(p(priv, 'd'));
  assert.equal(statSync(join(r3, 'f')).mode & 0o077, 0);
  assert.equal(statSync(join(r3, 'd')).mode & 0o077, 0);
});

test('open files: read in chunks to EOF, write, seek set/cur/end, append, stat, close twice', () => {
  const { vol, root } = setup();
  writeFileSync(join(root, 'data.txt'), '0123456789');
  const o = vol.open(p(vol, 'data.txt'), 'r');
  const f = new OpenFile(o.fd, '/data.txt', o.readable, o.writable, o.append);
  assert.equal(f.read(4), '0123');
  assert.equal(f.read(4), '4567');
  assert.equal(f.read(4), '89');
  assert.equal(f.read(4), undefined);
  assert.equal(f.seek('set', 2), 2);
  assert.equal(f.read(3), '234');
  assert.equal(f.seek('cur', -1), 4);
  assert.equal(f.seek('end', -2), 8);
  assert.equal(f.read(10), '89');
  assert.equal(kindOf(() => f.seek('set', -1)), 'Invalid');
  assert.equal(kindOf(() => f.seek('middle', 0)), 'Invalid');
  assert.equal(kindOf(() => f.write('x')), 'PermissionDenied');
  assert.equal(f.stat().size, 10);
  f.close();
  assert.equal(kindOf(() => f.read(1)), 'Invalid');
  assert.equal(kindOf(() => f.close()), 'Invalid');

  const w = vol.open(p(vol, 'out.bin'), 'w+');
  const g = new OpenFile(w.fd, '/out.bin', w.readable, w.writable, w.append);
  g.write('hello world');
  g.seek('set', 6);
  g.write('WORLD');
  g.seek('set', 0);
  assert.equal(g.read(100), 'hello WORLD');
  g.sync();
  g.close();
  const a = vol.open(p(vol, 'out.bin'), 'a');
  const h = new OpenFile(a.fd, '/out.bin', a.readable, a.writable, a.append);
  h.seek('set', 0);
  h.write('!');
  h.close();
  assert.equal(readFileSync(join(root, 'out.bin'), 'utf8'), 'hello WORLD!');
  assert.equal(kindOf(() => vol.open(p(vol, 'out.bin'), 'wx')), 'AlreadyExists');
  assert.equal(kindOf(() => vol.open(p(vol, 'missing'), 'r')), 'NotFound');
  assert.equal(kindOf(() => vol.open(p(vol, 'x'), 'rw')), 'Invalid');
  vol.mkdir(p(vol, 'dir'));
  assert.equal(kindOf(() => vol.open(p(vol, 'dir'), 'r')), 'Invalid');
});

test('scanner: lines (\\n and \\r\\n, last line without end), words, bytes, runes across chunk ends', () => {
  const { vol, root } = setup();
  const scan = (content: Buffer | string, split: 'lines' | 'words' | 'bytes' | 'runes') => {
    writeFileSync(join(root, 's.txt'), content);
    const o = vol.open(p(vol, 's.txt'), 'r');
    const f = new OpenFile(o.fd, '/s.txt', true, false, false);
    const s = new Scanner(f, split);
    const out: string[] = [];
    while (s.scan()) out.push(s.text());
    f.close();
    return out;
  };
  assert.deepEqual(scan('a\nbb\r\n\nlast', 'lines'), ['a', 'bb', '', 'last']);
  assert.deepEqual(scan('a\n', 'lines'), ['a']);
  assert.deepEqual(scan('', 'lines'), []);
  assert.deepEqual(scan('  one two\n\tthree  ', 'words'), ['one', 'two', 'three']);
  assert.deepEqual(scan('ab', 'bytes'), ['a', 'b']);
  const latin = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  assert.deepEqual(scan(Buffer.from('aé€😀', 'utf8'), 'runes'), ['a', latin('é'), latin('€'), latin('😀')]);
  // a line longer than one read chunk
  const long = 'x'.repeat(200_000);
  assert.deepEqual(scan(`${long}\nend`, 'lines'), [long, 'end']);
});

test('a missing root is NOT_FOUND; a file as root is INVALID', () => {
  const { base } = setup();
  const v = new DirectoryVolume('app:none', join(base, 'none'), parseMode('0755') as VolumeMode);
  assert.equal(kindOf(() => v.readFile('/a')), 'NotFound');
  const f = new DirectoryVolume('app:file', join(base, 'secret.txt'), parseMode('0755') as VolumeMode);
  assert.equal(kindOf(() => f.readDir('/')), 'Invalid');
});
