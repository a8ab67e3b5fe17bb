// Test support: a throwaway PostgreSQL server. Tests that need the shared store start a
// real server (initdb + pg_ctl on a free port in a temp directory) and stop it after.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** connection string for the `postgres` superuser over TCP on 127.0.0.1 */
  url: string;
  port: number;
  /** a fresh database on this server; returns its connection string */
  createDatabase(name: string): string;
  stop(): void;
}

/** Where Debian keeps the server binaries (initdb and pg_ctl are not on PATH there). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0]!, 'bin');
  }
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  execFileSync(bin, args, { stdio: 'pipe', ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: tmpdir() });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'wippy-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], user);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'], user);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    createDatabase(name) {
      run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE "${name}"`], user);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
