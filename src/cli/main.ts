// The memorder command line. Thin: parse flags, call src/check, print with
// src/report. Bad input prints `file:line:col: message` and exits 2.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { findFiles } from '../check/files.js';
import { loadModel } from '../check/models.js';
import { defaultJobs, verifyAll } from '../check/pool.js';
import { InputError } from '../program/errors.js';
import { formatResult } from '../report/text.js';
import { toJsonLine } from '../report/json.js';
import { shutdownZ3, z3 } from '../smt/z3.js';

interface VerifyArgs {
  paths: string[];
  model: string;
  json: boolean;
  timeout: number;
  unroll: number;
  variant: string[];
  jobs: number;
}

async function verifyCommand(args: VerifyArgs): Promise<number> {
  const files = findFiles(args.paths, ['.litmus']);
  loadModel(args.model, args.variant); // report a bad --model before starting workers
  // Compile Z3's WASM while the first test is parsed and encoded.
  if (args.jobs <= 1 || files.length <= 1) void z3();
  let status = 0;
  const options = { model: args.model, variants: args.variant, timeoutMs: args.timeout * 1000, unroll: args.unroll };
  await verifyAll(files, options, args.jobs, (o) => {
    if ('error' in o) {
      process.stderr.write(`${o.error}\n`);
      status = 2;
    } else process.stdout.write((args.json ? toJsonLine(o.result) : formatResult(o.result)) + '\n');
  });
  return status;
}

export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const parser = yargs(argv)
    .scriptName('memorder')
    .usage('$0 <command> [options]')
    .command(
      'verify <paths..>',
      'Verify C litmus tests (files or directories) under a memory model',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files or directories' })
          .option('model', { type: 'string', default: 'lkmm', describe: 'model: lkmm, sc, or a .cat file path' })
          .option('json', { type: 'boolean', default: false, describe: 'one JSON object per test per line' })
          .option('timeout', { type: 'number', default: 0, describe: 'solver time limit per test, in seconds (0: none)' })
          .option('unroll', { type: 'number', default: 4, describe: 'how many times a loop body may run' })
          .option('jobs', { type: 'number', default: defaultJobs(), describe: 'worker processes for several files (default: the core count)' })
          .option('variant', { type: 'string', array: true, default: [] as string[], describe: 'herd -variant names seen by `if "name"` in cat files' }),
      async (a) => {
        status = await verifyCommand({
          paths: a.paths as string[],
          model: a.model,
          json: a.json,
          timeout: a.timeout,
          unroll: a.unroll,
          variant: a.variant as string[],
          jobs: a.jobs,
        });
      },
    )
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

