// `memorder verify FILE|DIR...`: verdict, final states, flags and witness of
// each litmus test under a model (or several, side by side); for scenario
// specs (`*.spec.ts`), one line per model × variant against the spec's
// expectations.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { defaultJobs, verifyAll } from '../../check/pool.js';
import { SPEC_SUFFIX } from '../../check/spec.js';
import { formatComparison, formatComparisonHeader, formatResult } from '../../report/text.js';
import { toJsonLine } from '../../report/json.js';
import { fromResult, writePictures, type Pictured } from '../../report/pictures.js';
import { formatSpecResult, specJsonLines } from '../../report/spec.js';
import { z3 } from '../../smt/z3.js';
import type { CommandModule } from '../command.js';
import { loadModels, modelNames, withModelOptions } from '../options.js';

interface VerifyArgs {
  paths: string[];
  /** Absent: lkmm for litmus tests, every model a spec's expectations name for specs. */
  model?: string;
  json: boolean;
  timeout: number;
  unroll: number;
  variant: string[];
  jobs: number;
  graph?: string;
}

async function run(args: VerifyArgs): Promise<number> {
  const files = findFiles(args.paths, ['.litmus', SPEC_SUFFIX]);
  const litmus = files.filter((f) => !f.endsWith(SPEC_SUFFIX));
  // Litmus tests take lkmm unless told; specs every model their expectations name.
  const model = args.model ?? 'lkmm';
  const models = modelNames(model);
  loadModels(model, args.variant); // report a bad --model before starting workers
  // Compile Z3's WASM while the first test is parsed and encoded.
  if (args.jobs <= 1 || files.length <= 1) void z3();
  let status = 0;
  const options = {
    models,
    specModels: args.model ? models : undefined,
    variants: args.variant,
    timeoutMs: args.timeout * 1000,
    unroll: args.unroll,
  };
  const print = (text: string) => process.stdout.write(text + '\n');
  if (!args.json && models.length > 1 && litmus.length > 0) print(formatComparisonHeader(models));
  const pictured: Pictured[] = [];
  await verifyAll(files, options, args.jobs, (o) => {
    if (args.graph && 'results' in o) pictured.push(...o.results.map(fromResult));
    if (args.graph && 'spec' in o) pictured.push(...o.spec.rows.map((r) => fromResult(r.result)));
    if ('error' in o) {
      process.stderr.write(`${o.error}\n`);
      status = 2;
    } else if ('spec' in o) {
      // A spec whose verdict differs from its expectation (or is Unknown) fails the run.
      print(args.json ? specJsonLines(o.spec).join('\n') : formatSpecResult(o.spec));
      if (o.spec.rows.some((row) => !row.match) && status === 0) status = 1;
    } else if (args.json) o.results.forEach((r) => print(toJsonLine(r)));
    else if (models.length > 1) print(formatComparison(o.results));
    else print(formatResult(o.results[0]!));
  });
  if (args.graph) await writePictures(args.graph, 'verify', pictured);
  return status;
}

export const verifyCommand: CommandModule = {
  command: 'verify <paths..>',
  describe: 'Verify C litmus tests and scenario specs (*.spec.ts; files or directories) under memory models',
  builder: (y: Argv) =>
    withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files, spec files or directories' }))
      // No default: litmus tests take lkmm, specs every model their expectations name.
      .default('model', undefined, 'lkmm for litmus tests; for specs, every model their expect names')
      .option('jobs', { type: 'number', default: defaultJobs(), describe: 'worker processes for several files (default: the core count)' })
      .option('graph', { type: 'string', describe: 'write each witness as DOT and SVG into this directory (see memorder report)' })
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
      graph: a.graph as string | undefined,
    }),
};
