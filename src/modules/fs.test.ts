// The `fs` module through real apps: fs.directory volumes read and written from Lua (bytes
// in and out), every FS and File method, error kinds, escape attempts from Lua, the `fs.get`
// permission, live changes of an entry's directory, and bad entries rejected with file and line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, existsSync, symlinkSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { bootApp, HOSTS, luaEntry, writeApp } from '../system/testing.js';
import { readerProbe } from '../security/testing.js';
import { loadApp, BootError } from '../system/boot.js';

const VOLUMES = `  - name: files
    kind: fs.directory
    directory: ./data
    auto_init: true
  - name: readonly
    kind: fs.directory
    directory: ./data
    mode: "0555"
`;

async function runFs(lua: string, extra: Record<string, string> = {}, yaml = '') {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + VOLUMES + yaml + luaEntry('main', 'main.lua', ['io', 'fs']),
    'src/main.lua': `local function main()\n${lua}\nend\nreturn { main = main }\n`,
    ...extra,
  });
  const root = t.app.runtime.root!;
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  return { out: t.output(), root, t };
}

test('fs from Lua: a binary file is read and written as bytes', async () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
  const dir = mkdtempSync(join(tmpdir(), 'wippy-fsbin-'));
  writeFileSync(join(dir, 'in.bin'), bytes);
  const { out, root } = await runFs(`
    local vol = fs.get("app:bin")
    local data = vol:readfile("/in.bin")
    io.print(#data, string.byte(data, 1), string.byte(data, 256))
    io.print(vol:writefile("/out.bin", data:reverse()))
    local f = vol:open("/in.bin", "r")
    local head = f:read(3)
    io.print(#head, head:byte(1, 3))
    f:close()
  `, {}, `  - name: bin
    kind: fs.directory
    directory: ${dir}
`);
  assert.equal(out, '256\t255\t0\ntrue\n3\t255\t254\t253\n');
  assert.deepEqual(readFileSync(join(dir, 'out.bin')), Buffer.from(bytes).reverse());
  assert.ok(existsSync(join(root, 'data')), 'auto_init created ./data at boot');
});

test('fs from Lua: every FS method, readdir in a for loop, stat fields, chdir/pwd, constants', async () => {
  const { out, root } = await runFs(`
    local vol = fs.get("app:files")
    io.print(vol:mkdir("/docs"), vol:mkdir("docs/sub"))
    io.print(vol:write_file("/docs/a.txt", "alpha\\n"), vol:writefile("/docs/a.txt", "beta\\n", "a"))
    io.print(vol:read_file("/docs/a.txt") == "alpha\\nbeta\\n")
    io.print(vol:exists("/docs/a.txt"), vol:exists("/docs/none"), vol:isdir("/docs"), vol:isdir("/docs/a.txt"))
    local st = vol:stat("/docs/a.txt")
    io.print(st.name, st.size, st.type, st.is_dir, type(st.modified), type(st.mode))
    io.print(vol:stat("/docs").type == fs.type.DIR)
    for e in vol:readdir("/docs") do io.print("entry", e.name, e.type) end
    io.print(vol:pwd(), vol:chdir("docs"), vol:pwd(), vol:readfile("a.txt") ~= nil)
    io.print(vol:chdir("/"), vol:pwd())
    io.print(vol:remove("/docs/a.txt"), vol:exists("/docs/a.txt"))
    io.print(fs.type.FILE, fs.type.DIR, fs.seek.SET, fs.seek.CUR, fs.seek.END)
  `);
  assert.equal(out, [
    'true\ttrue', 'true\ttrue', 'true', 'true\tfalse\ttrue\tfalse',
    'a.txt\t11\tfile\tfalse\tnumber\tnumber', 'true',
    'entry\ta.txt\tfile', 'entry\tsub\tdirectory',
    '/\ttrue\t/docs\ttrue', 'true\t/', 'true\tfalse', 'file\tdirectory\tset\tcur\tend', '',
  ].join('\n'));
  assert.ok(existsSync(join(root, 'data', 'docs', 'sub')));
});

test('fs from Lua: file handles (read to EOF, seek, write, sync, stat) and scanners', async () => {
  const { out } = await runFs(`
    local vol = fs.get("app:files")
    local w = vol:open("/lines.txt", "w")
    io.print(w:write("one\\ntwo words\\r\\nthree"), w:sync())
    io.print(w:stat().size)
    io.print(w:close())
    local ok, err = w:close()
    io.print(tostring(ok), err:kind())
    local f = vol:open("/lines.txt", "r")
    local parts = {}
    while true do
      local chunk = f:read(4)
      if not chunk or #chunk == 0 then break end
      parts[#parts + 1] = chunk
    end
    io.print(#parts, f:seek(fs.seek.SET, 4), f:read())
    f:seek("set", 0)
    local sc = f:scanner()
    while sc:scan() do io.print("line", sc:text()) end
    f:seek("set", 0)
    local words = {}
    local ws = f:scanner("words")
    while ws:scan() do words[#words + 1] = ws:text() end
    io.print(table.concat(words, "|"))
    f:close()
    local nf, nerr = vol:open("/lines.txt", "rw")
    io.print(tostring(nf), nerr:kind())
  `);
  assert.equal(out, [
    'true\ttrue', '20', 'true', 'nil\tInvalid', '5\t4\ttwo words\r\nthree',
    'line\tone', 'line\ttwo words', 'line\tthree', 'one|two|words|three', 'nil\tInvalid', '',
  ].join('\n'));
});

test('fs from Lua: error kinds, escape attempts and the read-only mode', async () => {
  const { out, root } = await runFs(`
    local vol = fs.get("app:files")
    local function k(v, err) return tostring(v) .. " " .. (err and err:kind() or "-") end
    io.print(k(vol:readfile("/missing.txt")))
    io.print(k(vol:readfile("")))
    io.print(k(vol:writefile("/x.txt", "1", "wx")), k(vol:writefile("/x.txt", "2", "wx")))
    io.print(k(vol:writefile("/x.txt", "1", "bogus")))
    io.print(k(vol:readfile("../secret.txt")))
    io.print(k(vol:readfile("/../../secret.txt")))
    io.print(k(vol:readfile("a/../../secret.txt")))
    io.print(k(vol:readfile("/x.txt\\0.png")))
    io.print(k(vol:readfile("/etc/passwd")))
    io.print(k(vol:chdir("/x.txt")))
    io.print(k(vol:remove("/nothing")))
    local ro = fs.get("app:readonly")
    io.print(ro:readfile("/x.txt"), k(ro:writefile("/y.txt", "y")), k(ro:mkdir("/d")), k(ro:remove("/x.txt")))
    io.print(k(fs.get("app:nope")), k(fs.get("app:main")), k(fs.get("")))
    local iter, rerr = vol:readdir("/nope")
    io.print(tostring(iter), rerr:kind())
  `, { 'secret.txt': 'top secret' }, '');
  assert.equal(out, [
    'nil NotFound', 'nil Invalid', 'true -\tnil AlreadyExists', 'nil Invalid',
    'nil PermissionDenied', 'nil PermissionDenied', 'nil PermissionDenied', 'nil Invalid',
    'nil NotFound', 'nil Invalid', 'nil NotFound',
    '1\tnil PermissionDenied\tnil PermissionDenied\tnil PermissionDenied',
    'nil NotFound\tnil Invalid\tnil Invalid', 'nil\tNotFound', '',
  ].join('\n'));
  assert.equal(existsSync(join(root, 'new.txt')), false);
  assert.equal(readFileSync(join(root, 'data', 'x.txt'), 'utf8'), '1');
});

// the symbolic link is made before boot, pointing at the app folder above the volume
test('fs from Lua: a symbolic link out of the volume is refused', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + VOLUMES + luaEntry('main', 'main.lua', ['io', 'fs']),
    'src/main.lua': `return { main = function()
      local vol = fs.get("app:files")
      local v, err = vol:readfile("/up/secret.txt")
      io.print(tostring(v), err:kind())
      io.print(vol:readfile("/inside/ok.txt"))
    end }`,
    'secret.txt': 'top secret',
    'data/real/ok.txt': 'ok',
  });
  const root = t.app.runtime.root!;
  symlinkSync(root, join(root, 'data', 'up'));
  symlinkSync(join(root, 'data', 'real'), join(root, 'data', 'inside'));
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(t.output(), 'nil\tPermissionDenied\nok\n');
});

const PROBE = readerProbe(['fs'], `  io.print(who, kind(fs.get("app:files")), kind(fs.get("app:readonly")))`);

test('fs.get is a permission checked against the caller\'s scope', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + VOLUMES + `
  - name: reader
    kind: security.policy
    policy:
      actions: [fs.get, process.exec, process.host]
      resources: ["app:files", "app:probe", "app:terminal"]
      effect: allow
    groups: [readers]
${PROBE.entries}`,
    ...PROBE.files,
  });
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  assert.deepEqual(t.output().trim().split('\n'), ['actor\tok\tPermissionDenied', 'app\tok\tok']);
});

test('a changed directory reaches FS objects already held, without restart; a bad change is rejected whole', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + VOLUMES + luaEntry('main', 'main.lua', ['io', 'fs', 'registry']),
    'src/main.lua': `return { main = function()
      local vol = fs.get("app:files")
      io.print(vol:readfile("/which.txt"))
      local e = registry.get("app:files")
      e.data.directory = "./other"
      io.print(registry.snapshot():changes():update(e):apply() ~= nil)
      io.print(vol:readfile("/which.txt"))
      e.data.directory = "./data"
      local v, err = registry.snapshot():changes():update(e)
        :create({ id = "app:broken", kind = "fs.directory", data = { directory = "./x", mode = "rwx" } }):apply()
      io.print(tostring(v), tostring(err):find("not an octal permission mode") ~= nil)
      io.print(vol:readfile("/which.txt"), tostring(registry.get("app:broken")))
      registry.snapshot():changes():delete("app:files"):apply()
      local gone, gerr = vol:readfile("/which.txt")
      io.print(tostring(gone), gerr:kind())
    end }`,
    'data/which.txt': 'first',
    'other/which.txt': 'second',
  });
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(t.output(), 'first\ntrue\nsecond\nnil\ttrue\nsecond\tnil\nnil\tNotFound\n');
});

test('bad fs.directory entries stop the boot with file, line and entry', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `  - name: nodir
    kind: fs.directory
    auto_init: true
  - name: badmode
    kind: fs.directory
    directory: ./x
    mode: "0999"
  - name: badbase
    kind: fs.directory
    directory: ./x
    base: elsewhere
    auto_init: "yes"
`,
  });
  mkdirSync(join(root, 'x'));
  let problems: string[] = [];
  try {
    loadApp(root);
  } catch (e) {
    problems = (e as BootError).problems;
  }
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /src\/_index\.yaml:10.*app:nodir.*needs 'directory'/);
  assert.match(problems[1], /src\/_index\.yaml:13.*app:badmode.*mode "0999"/);
  assert.match(problems[2], /src\/_index\.yaml:17.*app:badbase.*'auto_init'.*'base' must be project or module/);
});

test('base: module resolves the directory from the source folder', async () => {
  const { out } = await runFs(`io.print(fs.get("app:mod"):readfile("/hello.txt"))`,
    { 'src/assets/hello.txt': 'from src' }, `  - name: mod
    kind: fs.directory
    directory: assets
    base: module
`);
  assert.equal(out, 'from src\n');
});
