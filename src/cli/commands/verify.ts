// `memorder verify FILE|DIR...`: verdict, final states, flags and witness of
// each litmus test under a model.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { loadModels, modelNames, withModelOptions } from '../options.js';
import { defaultJobs, verifyAll } from '../../check/pool.js';
import { formatComparison, formatComparisonHeader, formatResult } from '../../report/text.js';
import { toJsonLine } from '../../report/json.js';
import { fromResult, writePictures, type Pictured } from '../../report/pictures.js';
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
  graph?: string;
}

async function run(args: VerifyArgs): Promise<number> {
  const files = findFiles(args.paths, ['.litmus']);
  const models = modelNames(args.model);
  loadModels(args.model, args.variant); // report a bad --model before starting workers
  // Compile Z3's WASM while the first test is parsed and encoded.
  if (args.jobs <= 1 || files.length <= 1) void z3();
  let status = 0;
  const options = { models, variants: args.variant, timeoutMs: args.timeout * 1000, unroll: args.unroll };
  const print = (text: string) => process.stdout.write(text + '\n');
  if (!args.json && models.length > 1) print(formatComparisonHeader(models));
  const pictured: Pictured[] = [];
  await verifyAll(files, options, args.jobs, (o) => {
    if ('results' in o && args.graph) pictured.push(...o.results.map(fromResult));
    if ('error' in o) {
      process.stderr.write(`${o.error}\n`);
      status = 2;
    } else if (args.json) o.results.forEach((r) => print(toJsonLine(r)));
    else if (models.length > 1) print(formatComparison(o.results));
    else print(formatResult(o.results[0]!));
  });
  if (args.graph) await writePictures(args.graph, 'verify', pictured);
  return status;
}

export const verifyCommand: CommandModule = {
  command: 'verify <paths..>',
  describe: 'Verify C litmus tests (files or directories) under a memory model',
  builder: (y: Argv) =>
    withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files or directories' }))
      .option('jobs', { type: 'number', default: defaultJobs(), describe: 'worker processes for several files (default: the core count)' })
      .option('graph', { type: 'string', describe: 'write each witness as DOT and SVG into this directory (see memorder report)' })
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
      graph: a.graph as string | undefined,
    }),
};
