// The memorder command line. Thin: each command lives in src/cli/commands/
// (parse flags, call src/check, print with src/report). Bad input prints
// `file:line:col: message` and exits 2.

import yargs from 'yargs';
import { InputError } from '../program/errors.js';
import { shutdownZ3 } from '../smt/z3.js';
import type { CommandModule } from './command.js';
import { barriersCommand } from './commands/barriers.js';
import { ciCommand } from './commands/ci.js';
import { explainCommand } from './commands/explain.js';
import { fixCommand } from './commands/fix.js';
import { reportCommand } from './commands/report.js';
import { verifyCommand } from './commands/verify.js';
import { whatIfCommand } from './commands/whatif.js';

const COMMANDS: CommandModule[] = [verifyCommand, whatIfCommand, barriersCommand, fixCommand, explainCommand, ciCommand, reportCommand];

export async function main(argv: string[]): Promise<number> {
  let status = 0;
  let parser = yargs(argv).scriptName('memorder').usage('$0 <command> [options]');
  for (const c of COMMANDS) {
    parser = parser.command(c.command, c.describe, c.builder, async (a) => {
      status = await c.run(a as Record<string, unknown>);
    });
  }
  parser = parser
    .option('debug', { type: 'boolean', default: false, describe: 'show the stack trace of internal errors (also MEMORDER_DEBUG=1)' })
    .middleware((a) => {
      // Helper processes inherit the environment.
      if (a.debug) process.env.MEMORDER_DEBUG = '1';
    })
    .demandCommand(1, 'give a command, e.g. memorder verify FILE')
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`memorder: ${msg}\n(see memorder --help)\n`);
      status = 2;
    })
    .help();
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await shutdownZ3();
  }
  return status;
}
