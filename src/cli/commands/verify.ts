// `memorder verify FILE|DIR...`: verdict, final states, flags and witness of
// each litmus test under a model; for scenario specs (`*.spec.ts`), one line
// per model × variant against the spec's expectations.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { loadModel } from '../../check/models.js';
import { defaultJobs, verifyAll } from '../../check/pool.js';
import { checkSpecFile } from '../../check/spec.js';
import { InputError } from '../../program/errors.js';
import { formatResult } from '../../report/text.js';
import { toJsonLine } from '../../report/json.js';
import { formatSpecResult, specJsonLines } from '../../report/spec.js';
import { ScenarioProject } from '../../scenario/project.js';
import { z3 } from '../../smt/z3.js';
import type { CommandModule } from '../command.js';

export const SPEC_SUFFIX = '.spec.ts';

interface VerifyArgs {
  paths: string[];
  /** Absent: lkmm for litmus tests, every expected model for specs. */
  model?: string;
  json: boolean;
  timeout: number;
  unroll: number;
  variant: string[];
  jobs: number;
}

async function verifyLitmus(files: string[], args: VerifyArgs): Promise<number> {
  const model = args.model ?? 'lkmm';
  loadModel(model, args.variant); // report a bad --model before starting workers
  // Compile Z3's WASM while the first test is parsed and encoded.
  if (args.jobs <= 1 || files.length <= 1) void z3();
  let status = 0;
  const options = { model, variants: args.variant, timeoutMs: args.timeout * 1000, unroll: args.unroll };
  await verifyAll(files, options, args.jobs, (o) => {
    if ('error' in o) {
      process.stderr.write(`${o.error}\n`);
      status = 2;
    } else process.stdout.write((args.json ? toJsonLine(o.result) : formatResult(o.result)) + '\n');
  });
  return status;
}

/** Specs run in this process, sharing one parsed project; exit 1 on a mismatch or Unknown. */
async function verifySpecs(files: string[], args: VerifyArgs): Promise<number> {
  void z3();
  const project = await ScenarioProject.create();
  let status = 0;
  for (const file of files) {
    try {
      const r = await checkSpecFile(file, {
        project,
        models: args.model ? [args.model] : undefined,
        timeoutMs: args.timeout * 1000,
        unroll: args.unroll,
      });
      process.stdout.write((args.json ? specJsonLines(r).join('\n') : formatSpecResult(r)) + '\n');
      if (r.rows.some((row) => !row.match) && status === 0) status = 1;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      process.stderr.write(`${e.message}\n`);
      status = 2;
    }
  }
  return status;
}

async function run(args: VerifyArgs): Promise<number> {
  const files = findFiles(args.paths, ['.litmus', SPEC_SUFFIX]);
  const specs = files.filter((f) => f.endsWith(SPEC_SUFFIX));
  const litmus = files.filter((f) => !f.endsWith(SPEC_SUFFIX));
  const a = litmus.length > 0 ? await verifyLitmus(litmus, args) : 0;
  const b = specs.length > 0 ? await verifySpecs(specs, args) : 0;
  return Math.max(a, b);
}

export const verifyCommand: CommandModule = {
  command: 'verify <paths..>',
  describe: 'Verify C litmus tests and scenario specs (*.spec.ts; files or directories) under memory models',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files, spec files or directories' })
      .option('model', {
        type: 'string',
        describe: 'model: lkmm, sc, or a .cat file path (litmus default: lkmm; specs default: every model their expect names)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per test (per model × variant for specs) per line' })
      .option('timeout', { type: 'number', default: 0, describe: 'solver time limit per test, in seconds (0: none)' })
      .option('unroll', { type: 'number', default: 4, describe: 'how many times a loop body may run' })
      .option('jobs', { type: 'number', default: defaultJobs(), describe: 'worker processes for several litmus files (default: the core count)' })
      .option('variant', { type: 'string', array: true, default: [] as string[], describe: 'herd -variant names seen by `if "name"` in cat files' }),
  run: (a) =>
    run({
      paths: a.paths as string[],
      model: a.model as string | undefined,
      json: a.json as boolean,
      timeout: a.timeout as number,
      unroll: a.unroll as number,
      variant: a.variant as string[],
      jobs: a.jobs as number,
    }),
};
