// The memorder command line. Thin: each command lives in src/cli/commands/
// (parse flags, call src/check, print with src/report). Bad input prints
// `file:line:col: message` and exits 2; so does a usage error (an unknown
// flag, a missing argument, a bad value), as one line, before anything runs.

import yargs, { type Argv } from 'yargs';
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
import { helpWidth, reflowHelp } from './help.js';
import { UsageError } from './options.js';
import { handleStops } from './process.js';

const COMMANDS: CommandModule[] = [verifyCommand, whatIfCommand, barriersCommand, fixCommand, explainCommand, ciCommand, reportCommand];

/** The parser of memorder's command line `argv`; `done` receives the exit code of the command run. */
export function commandLine(argv: string[], done: (status: number) => void): Argv {
  let parser = yargs(argv).scriptName('memorder').usage('$0 <command> [options]');
  for (const c of COMMANDS) parser = c.register(parser, done);
  return parser
    .option('debug', { type: 'boolean', default: false, describe: 'show the stack trace of internal errors (also MEMORDER_DEBUG=1)' })
    .middleware((a) => {
      // Helper processes inherit the environment.
      if (a.debug) process.env.MEMORDER_DEBUG = '1';
    })
    .demandCommand(1, 'give a command, e.g. memorder verify FILE')
    .strict()
    .fail((msg, err) => {
      // yargs reports its validation failures as msg, its parser's as a
      // YError; any other err is what a check() or a command threw (passed on).
      if (err && err.name !== 'YError') throw err;
      // An unknown flag takes the next word as its value (`--jsn FILE`):
      // name it rather than the argument it swallowed.
      const unknown = COMMANDS.find((c) => c.name === argv[0])?.unknownFlags(argv.slice(1)) ?? [];
      throw new UsageError(unknown.length > 0 ? `Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` : msg || err.message);
    })
    // Laid out unwrapped; reflowHelp wraps it between words.
    .wrap(null)
    .help();
}

export async function main(argv: string[]): Promise<number> {
  handleStops();
  let status = 0;
  const parser = commandLine(argv, (s) => (status = s));
  try {
    // With a callback, yargs hands over what it would print (help, version)
    // instead of printing it, and does not exit the process.
    await parser.parseAsync(argv, {}, (err, _args, output) => {
      if (!err && output) process.stdout.write(reflowHelp(output, helpWidth(process.stdout.columns)) + '\n');
    });
  } catch (e) {
    if (e instanceof UsageError) {
      const command = COMMANDS.find((c) => c.name === argv[0])?.name;
      const name = command ? `memorder ${command}` : 'memorder';
      process.stderr.write(`${name}: ${e.message} (see ${name} --help)\n`);
      return 2;
    }
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
