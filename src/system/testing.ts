// Test support: write a throwaway app folder, boot it in-process, run entries on its
// terminal host and collect what they print. Used by the runtime's tests.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startApp, type App } from './boot.js';
import { createLog } from './log.js';
import { toLua } from './convert.js';
import type { ExitResult } from '../kernel/process.js';

export function writeApp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wippy-app-'));
  for (const [path, text] of Object.entries(files)) {
    const p = join(root, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

export interface TestApp {
  app: App;
  /** everything terminal processes printed so far */
  output(): string;
  /** run `entry` on the terminal host and wait for its exit */
  exec(entry: string, ...args: unknown[]): Promise<ExitResult>;
  stop(): Promise<void>;
}

export async function bootApp(files: Record<string, string>): Promise<TestApp> {
  const root = writeApp(files);
  const app = await startApp(root, createLog({ silent: true }));
  let out = '';
  app.runtime.terminal = { out: (s) => { out += s; }, err: (s) => { out += s; }, args: [] };
  const host = [...app.runtime.hosts.values()].find((h) => h.terminal)?.id ?? 'app:terminal';
  return {
    app,
    output: () => out,
    exec: (entry, ...args) => new Promise((resolve, reject) => {
      const p = app.runtime.spawn(undefined, entry, host, args.map(toLua), {});
      if ('kind' in p) reject(new Error(p.message));
      else p.onExit(resolve);
    }),
    stop: () => app.supervisor.stopAll(),
  };
}

/** The usual header of a test app: a terminal host and a process host. */
export const HOSTS = `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
`;

export function luaEntry(name: string, file: string, modules: string[] = ['io', 'time'], kind = 'process.lua'): string {
  return `  - name: ${name}
    kind: ${kind}
    source: file://${file}
    method: main
    modules: [${modules.join(', ')}]
`;
}
