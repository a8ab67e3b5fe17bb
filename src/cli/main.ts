// The `wippy` command line.

import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { runScriptFile } from '../lua/script.js';
import { runCommand } from './run.js';
import { registryList, registryShow, registryHistory, registryDiff, registryRollback } from './registry.js';
import { registryAudit } from '../security/audit-cli.js';

// Output piped into a reader that stops early (`wippy run -x app:cli | head`): end quietly,
// as a Unix tool killed by SIGPIPE does, instead of an unhandled EPIPE error with a stack.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const program = new Command();
const collect = (v: string, acc: string[]) => [...acc, v];
program.name('wippy').description('wippy-ts: Lua actors, a live registry, durable workflows');
program.option('-v, --verbose', 'debug logging').option('-s, --silent', 'no log output');

program
  .command('run')
  .description('start the app in the current folder (all auto-start services) until SIGINT/SIGTERM')
  .option('-x, --exec <entry>', 'run one process entry on the terminal host and exit with its result')
  .option('--host <id>', 'terminal host for -x')
  .option('-d, --dir <dir>', 'project folder', '.')
  .option('--no-watch', 'do not reload the app when files under src/ change')
  .option('-c, --config <file>', 'runtime config file (repeatable; default .wippy.yaml in the project folder)', collect, [])
  .option('--profile <name>', 'config profile to apply (repeatable)', collect, [])
  .option('--set <section.path=value>', 'config setting (repeatable)', collect, [])
  .option('-o, --override <ns:entry:path=value>', 'entry override (repeatable)', collect, [])
  .argument('[args...]', 'a command name (meta.command.name) and its arguments, or the arguments of the -x process')
  .action(async (args: string[], o: { exec?: string; host?: string; dir: string; watch: boolean; config: string[]; profile: string[]; set: string[]; override: string[] }) => {
    const g = program.opts();
    const config = { files: o.config, profiles: o.profile, set: o.set, overrides: o.override };
    process.exitCode = await runCommand({ exec: o.exec, host: o.host, root: o.dir, args, verbose: g.verbose, silent: g.silent, watch: o.watch, config });
    if (o.exec !== undefined || args.length > 0) process.exit(process.exitCode);
  });

program
  .command('lua')
  .description('run a plain Lua script with the standard library, like the lua command')
  .argument('<file>', 'Lua script')
  .argument('[args...]', 'arguments, visible to the script as arg[1..n] and ...')
  .allowUnknownOption(true)
  .action((file: string, args: string[]) => {
    process.exitCode = runScriptFile(file, args);
  });

const registry = program.command('registry').description('inspect the registry of the app in the current folder');
registry.command('list').option('-d, --dir <dir>', 'project folder', '.').option('--kind <kind>', 'only this kind')
  .action((o: { dir: string; kind?: string }) => { process.exitCode = registryList(o.dir, o.kind); });
registry.command('show').argument('<id>').option('-d, --dir <dir>', 'project folder', '.')
  .action((id: string, o: { dir: string }) => { process.exitCode = registryShow(o.dir, id); });
registry.command('audit').description('registry writes tried by running code: who, what, allowed or denied')
  .option('-d, --dir <dir>', 'project folder', '.').option('-n, --limit <n>', 'newest N records', '50')
  .option('--denied', 'only denied writes').option('--actor <id>', 'only this actor').option('--json', 'one JSON object per line')
  .action((o: { dir: string; limit: string; denied?: boolean; actor?: string; json?: boolean }) => {
    process.exitCode = registryAudit({ dir: o.dir, limit: Number(o.limit), decision: o.denied ? 'deny' : undefined, actor: o.actor, json: o.json });
  });
registry.command('history').description('every registry version: when, which layer (files, code, rollback, boot), by whom, what')
  .option('-d, --dir <dir>', 'project folder', '.')
  .action((o: { dir: string }) => { process.exitCode = registryHistory(o.dir); });
registry.command('diff').description('how the registry differs between two versions (their run-time changes over the current files)')
  .argument('<from>').argument('<to>').option('-d, --dir <dir>', 'project folder', '.')
  .action((a: string, b: string, o: { dir: string }) => { process.exitCode = registryDiff(o.dir, a, b); });
registry.command('rollback').description('restore the run-time changes of a version (a running app applies it now, a stopped one at its next start)')
  .argument('<version>').option('-d, --dir <dir>', 'project folder', '.')
  .action(async (v: string, o: { dir: string }) => { process.exitCode = await registryRollback(o.dir, v); });

// `wippy workflow ...`: durable workflows of the app (src/cli/workflow.ts)
const wf = program.command('workflow').description('inspect and operate the durable workflows of the app in the current folder');
const wfOpts = (c: Command) => c.option('-d, --dir <dir>', 'project folder', '.').option('--host <id>', 'workflow.host entry');
type WfO = { dir: string; host?: string; status?: string };
const wfRun = async (f: (m: typeof import('./workflow.js')) => number | Promise<number>) => {
  process.exitCode = await f(await import('./workflow.js'));
};
wfOpts(wf.command('list').description('list runs').option('--status <list>', 'only these statuses (comma-separated)'))
  .action((o: WfO) => wfRun((m) => m.workflowList(o.dir, o)));
wfOpts(wf.command('show').description('a run: status, arguments, result or error').argument('<id>'))
  .action((id: string, o: WfO) => wfRun((m) => m.workflowShow(o.dir, id, o)));
wfOpts(wf.command('history').description('the recorded steps and signals of a run').argument('<id>'))
  .action((id: string, o: WfO) => wfRun((m) => m.workflowHistory(o.dir, id, o)));
wfOpts(wf.command('signal').description('send a signal (stored; delivered when the run is live)').argument('<id>').argument('<topic>').argument('[json]'))
  .action((id: string, topic: string, json: string | undefined, o: WfO) => wfRun((m) => m.workflowSignal(o.dir, id, topic, json, o)));
wfOpts(wf.command('cancel').description('ask a run to cancel (it sees CANCELED at its next durable wait)').argument('<id>').argument('[reason]'))
  .action((id: string, reason: string | undefined, o: WfO) => wfRun((m) => m.workflowCancel(o.dir, id, reason, o)));
wfOpts(wf.command('terminate').description('stop a run at once').argument('<id>').argument('[reason]'))
  .action((id: string, reason: string | undefined, o: WfO) => wfRun((m) => m.workflowTerminate(o.dir, id, reason, o)));
wfOpts(wf.command('replay').description('re-run a stored history against the current code (determinism check)').argument('<id>'))
  .action((id: string, o: WfO) => wfRun((m) => m.workflowReplay(o.dir, id, o)));

program.command('version').description('print the version').action(() => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`wippy-ts ${pkg.version}\n`);
});

program.command('init').description('create wippy.lock for the app in the current folder')
  .option('-d, --src-dir <dir>', 'source folder', './src')
  .action(async (o: { srcDir: string }) => {
    const { initProject } = await import('./init.js');
    process.exitCode = initProject('.', o.srcDir);
  });

program.parseAsync(process.argv);
