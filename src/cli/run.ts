// `wippy run`: start an app from its folder. With `-x ENTRY`, run one process on the
// terminal host (its io goes to stdout) and exit with its result; otherwise run every
// auto-start service until SIGINT/SIGTERM, then shut down in reverse dependency order.

import { startApp, BootError, type App } from '../system/boot.js';
import { createLog, type Log } from '../system/log.js';
import type { ConfigOptions } from '../system/config.js';
import { resolveRef } from '../system/runtime.js';
import { toLua } from '../system/convert.js';
import { tostring } from '../lua/runtime/ops.js';
import { bytesToText } from '../lua/runtime/values.js';

export interface RunOptions {
  exec?: string;
  host?: string;
  root: string;
  args: string[];
  verbose?: boolean;
  silent?: boolean;
  /** reload src/ on changes (default for `wippy run` without -x) */
  watch?: boolean;
  /** runtime config: --config files, --profile, --set, -o (see src/system/config.ts) */
  config?: ConfigOptions;
}

export async function runCommand(opts: RunOptions): Promise<number> {
  const level = opts.verbose ? 'debug' : opts.exec || opts.args.length > 0 ? 'warn' : 'info';
  const log = createLog({ level, silent: opts.silent });
  let app: App;
  try {
    const serving = opts.exec === undefined && opts.args.length === 0;
    app = await startApp(opts.root, log, {
      watch: serving && opts.watch !== false, config: opts.config,
      logWith: (encoding) => createLog({ level, silent: opts.silent, encoding }),
    });
  } catch (e) {
    if (e instanceof BootError) {
      process.stderr.write(`wippy: the app cannot start:\n${e.problems.map((p) => '  ' + p).join('\n')}\n`);
      return 1;
    }
    throw e;
  }
  // `system.exit(code)` during boot: shut down at once with that code
  if (app.runtime.exitRequested !== undefined) {
    app.watcher?.close();
    await app.supervisor.stopAll();
    return app.runtime.exitRequested;
  }
  if (opts.exec === undefined && opts.args.length > 0) {
    // `wippy run NAME args...`: a process entry that declares meta.command.name = NAME (from
    // the files or created at run time and persisted: the registry as it is after boot)
    const cmd = app.registry.all().find((e) => (e.meta.command as { name?: string } | undefined)?.name === opts.args[0]);
    if (cmd === undefined) {
      process.stderr.write(`wippy: no command '${opts.args[0]}' (entries declare commands with meta.command.name)\n`);
      await app.supervisor.stopAll();
      return 1;
    }
    return execEntry(app, { ...opts, exec: cmd.id, args: opts.args.slice(1) }, log);
  }
  if (opts.exec !== undefined) return execEntry(app, opts, log);
  return serve(app, log);
}

async function execEntry(app: App, opts: RunOptions, log: Log): Promise<number> {
  const rt = app.runtime;
  const id = opts.exec!.includes(':') ? opts.exec! : resolveRef(opts.exec!, 'app:x');
  const host = opts.host ?? [...rt.hosts.values()].find((h) => h.terminal)?.id;
  if (host === undefined) {
    process.stderr.write('wippy: no terminal.host is running (declare one with lifecycle.auto_start: true)\n');
    await app.supervisor.stopAll();
    return 1;
  }
  rt.terminal = {
    out: (s) => process.stdout.write(Buffer.from(s, 'latin1')),
    err: (s) => process.stderr.write(Buffer.from(s, 'latin1')),
    args: opts.args,
  };
  // the process ends, or some process calls `system.exit(code)`
  const exitAsked = new Promise<undefined>((res) => { rt.onExit = () => res(undefined); });
  // a command's meta.command.security is the identity it runs as (docs/security.md)
  const security = (rt.entries.get(id)?.meta.command as { security?: unknown } | undefined)?.security;
  const p = rt.spawn(undefined, id, host, opts.args.map(toLua), security === undefined ? {} : { securityBlock: { config: security, owner: id } });
  if ('kind' in p) {
    process.stderr.write(`wippy: ${p.message}\n`);
    await app.supervisor.stopAll();
    return 1;
  }
  const result = await Promise.race([new Promise<{ value?: unknown; error?: unknown }>((res) => p.onExit(res)), exitAsked]);
  await app.supervisor.stopAll();
  if (rt.exitRequested !== undefined || result === undefined) return rt.exitRequested ?? 0;
  if (result.error !== undefined) {
    process.stderr.write(`wippy: ${id} failed: ${bytesToText(tostring(result.error))}\n`);
    return 1;
  }
  const v = result.value;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v === false) return 1;
  void log;
  return 0;
}

function serve(app: App, log: Log): Promise<number> {
  // run until a signal or `system.exit`, even when every process is idle (waiting on a
  // channel holds no Node handle)
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (sig: string) => {
      if (stopping) process.exit(130); // a second signal forces the exit
      stopping = true;
      log.log('info', 'shutting down', { signal: sig });
      app.watcher?.close();
      await app.supervisor.stopAll();
      resolve(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    app.runtime.onExit = (code) => {
      if (stopping) return;
      stopping = true;
      log.log('info', 'shutting down', { reason: 'system.exit', code });
      app.watcher?.close();
      void app.supervisor.stopAll().then(() => resolve(code));
    };
  }).finally(() => clearInterval(keepAlive));
}
