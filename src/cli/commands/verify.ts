// `memorder verify FILE|DIR...`: verdict, final states, flags and witness of
// each litmus test under a model.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { loadModel } from '../../check/models.js';
import { defaultJobs, verifyAll } from '../../check/pool.js';
import { formatResult } from '../../report/text.js';
import { toJsonLine } from '../../report/json.js';
import { z3 } from '../../smt/z3.js';
import type { CommandModule } from '../command.js';

interface VerifyArgs {
  paths: string[];
  model: string;
  json: boolean;
  timeout: number;
  unroll: number;
  variant: string[];
  jobs: number;
}

async function run(args: VerifyArgs): Promise<number> {
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

export const verifyCommand: CommandModule = {
  command: 'verify <paths..>',
  describe: 'Verify C litmus tests (files or directories) under a memory model',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files or directories' })
      .option('model', { type: 'string', default: 'lkmm', describe: 'model: lkmm, sc, or a .cat file path' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per test per line' })
      .option('timeout', { type: 'number', default: 0, describe: 'solver time limit per test, in seconds (0: none)' })
      .option('unroll', { type: 'number', default: 4, describe: 'how many times a loop body may run' })
      .option('jobs', { type: 'number', default: defaultJobs(), describe: 'worker processes for several files (default: the core count)' })
      .option('variant', { type: 'string', array: true, default: [] as string[], describe: 'herd -variant names seen by `if "name"` in cat files' }),
  run: (a) =>
    run({
      paths: a.paths as string[],
      model: a.model as string,
      json: a.json as boolean,
      timeout: a.timeout as number,
      unroll: a.unroll as number,
      variant: a.variant as string[],
      jobs: a.jobs as number,
    }),
};
