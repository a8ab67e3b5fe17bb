// The `wippy` command line.

import { Command } from 'commander';
import { runScriptFile } from '../lua/script.js';

const program = new Command();
program.name('wippy').description('wippy-ts: Lua actors, a live registry, durable workflows');

program
  .command('lua')
  .description('run a plain Lua script with the standard library, like the lua command')
  .argument('<file>', 'Lua script')
  .argument('[args...]', 'arguments, visible to the script as arg[1..n] and ...')
  .allowUnknownOption(true)
  .action((file: string, args: string[]) => {
    process.exitCode = runScriptFile(file, args);
  });

program.parseAsync(process.argv);
