// A throwaway PostgreSQL server for the benchmark, with the server's default durability
// (fsync on, synchronous_commit on): a committed transaction is on disk, as in production.
// (The test helper turns fsync off for speed; timings from it would flatter every store.)

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return { bin: join(root, versions[0], 'bin'), version: versions[0] };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startBenchPostgres() {
  const { bin, version } = binDir();
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) } : undefined;
  const run = (exe, args) => execFileSync(join(bin, exe), args, { stdio: 'pipe', cwd: tmpdir(), ...(user ?? {}) });
  const dir = mkdtempSync(join(tmpdir(), 'wippy-bench-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => {
    try { run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return {
    port,
    version,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    createDatabase: (db) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE "${db}"`]),
    stop,
  };
}
