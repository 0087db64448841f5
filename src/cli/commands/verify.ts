// `memorder verify FILE|DIR...`: verdict, final states, flags and witness of
// each litmus test under a model (or several, side by side); for scenario
// specs (`*.spec.ts`), one line per model × variant against the spec's
// expectations. herd's own model files (`--cat`, `--bell`, `--def`, or
// `--cfg`) run litmus tests in herd's flavour (see src/engine/models.ts).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Argv } from 'yargs';
import { findFiles } from '../../batch/files.js';
import { loadModel, readHerdConfig, type ModelSpec } from '../../engine/models.js';
import { defaultJobs, verifyAll } from '../../batch/pool.js';
import { SPEC_SUFFIX } from '../../check/spec.js';
import { TokenStream } from '../../litmus/lexer.js';
import { InputError } from '../../program/errors.js';
import { declaredVariantNames } from '../../scenario/variant-names.js';
import { paintFor, PLAIN } from '../../report/colour.js';
import { specColumns } from '../../report/columns.js';
import { comparisonColumns, formatComparison, formatComparisonHeader, formatResult, VerifyTally } from '../../report/text.js';
import { formatHerd } from '../../report/herd.js';
import { toJsonLine } from '../../report/json.js';
import { fromResult, fromSpecRow, writePictures, type Pictured } from '../../report/pictures.js';
import { formatSpecResult, specJsonLines } from '../../report/spec.js';
import { z3 } from '../../smt/z3.js';
import { defineCommand } from '../command.js';
import { checkNumbers, modelNames, UsageError, withModelOptions } from '../options.js';

interface VerifyArgs {
  paths: string[];
  /** Absent: lkmm for litmus tests (unless herd's model files are given), every model a spec's expectations name for specs. */
  model?: string;
  cat?: string;
  bell?: string;
  def?: string;
  cfg?: string;
  json: boolean;
  /** herd7's output format (litmus tests only). */
  herd: boolean;
  timeout: number;
  unroll: number;
  variant: string[];
  jobs: number;
  graph?: string;
  /** Colour on stdout (undefined: when it is a terminal and NO_COLOR is unset). */
  color?: boolean;
}

const usage = (message: string) => new UsageError(message);

/**
 * The models litmus tests run under, in order: `--model` (a name, `all`, or
 * a cat path), then herd's model files (`--cat` with `--bell`/`--def`, or
 * `--cfg`). With both, results are shown side by side. Default: lkmm.
 */
export function modelSpecs(args: Pick<VerifyArgs, 'model' | 'cat' | 'bell' | 'def' | 'cfg'>): ModelSpec[] {
  if (args.cfg && (args.cat || args.bell || args.def)) throw usage('--cfg gives the model files: do not combine it with --cat, --bell or --def');
  if (!args.cat && (args.bell || args.def)) throw usage('--bell and --def go with --cat (the model file)');
  const specs: ModelSpec[] = args.model ? modelNames(args.model) : [];
  if (args.cfg) specs.push(readHerdConfig(args.cfg));
  if (args.cat) specs.push({ cat: args.cat, ...(args.bell ? { bell: args.bell } : {}), ...(args.def ? { def: args.def } : {}) });
  return specs.length > 0 ? specs : ['lkmm'];
}

/** The names litmus tests print (`C NAME`; the base name where the header cannot be read): the width of the name column before the run. */
function litmusNames(files: readonly string[]): string[] {
  return files.map((f) => {
    try {
      return new TokenStream(readFileSync(f, 'utf8'), f).readHeader().name;
    } catch {
      return basename(f, '.litmus');
    }
  });
}

async function run(args: VerifyArgs): Promise<number> {
  const files = findFiles(args.paths, ['.litmus', SPEC_SUFFIX]);
  const litmus = files.filter((f) => !f.endsWith(SPEC_SUFFIX));
  const spec = files.find((f) => f.endsWith(SPEC_SUFFIX));
  if (args.herd && spec) throw usage(`--herd prints litmus tests in herd7's format; ${spec} is a scenario spec`);
  // Litmus tests take lkmm unless told; specs every model their expectations name.
  const models = modelSpecs(args);
  // Report a bad model before starting workers; its name heads its column.
  const names = models.map((m) => loadModel(m, args.variant).name);
  // Compile Z3's WASM while the first test is parsed and encoded (this
  // process runs tests itself, helpers join in on long runs).
  void z3();
  let status = 0;
  let internalErrors = false;
  const options = {
    models,
    specModels: args.model ? modelNames(args.model) : undefined,
    variants: args.variant,
    timeoutMs: args.timeout * 1000,
    unroll: args.unroll,
  };
  const print = (text: string) => process.stdout.write(text + '\n');
  const text = !args.json && !args.herd;
  // JSON and herd's format are for scripts: never coloured.
  const paint = text ? paintFor(process.stdout, process.env, args.color) : PLAIN;
  // Columns wide enough for the names known now (each file's own widen them before it prints).
  const specFiles = text ? files.filter((f) => f.endsWith(SPEC_SUFFIX)) : [];
  const specCols = specColumns(specFiles, options.specModels).fit({ variant: await declaredVariantNames(specFiles) });
  const comparisonCols = comparisonColumns(names, text && models.length > 1 ? litmusNames(litmus) : []);
  if (text && models.length > 1 && litmus.length > 0) print(formatComparisonHeader(names, comparisonCols));
  const pictured: Pictured[] = [];
  const tally = new VerifyTally();
  await verifyAll(files, options, args.jobs, (o) => {
    if (args.graph && 'results' in o) pictured.push(...o.results.map(fromResult));
    if (args.graph && 'spec' in o) pictured.push(...o.spec.rows.map((r) => fromSpecRow(o.spec, r)));
    // A bug of memorder on one file (an Unknown with reason `internal error: ...`) fails the run with 3, after every file.
    if (('internalError' in o && o.internalError) || ('results' in o && o.results.some((r) => r.internalError))) internalErrors = true;
    tally.add(o);
    if ('error' in o) {
      process.stderr.write(`${o.error}\n`);
      status = 2;
    } else if ('spec' in o) {
      // A spec whose verdict differs from its expectation (or is Unknown) fails the run.
      print(args.json ? specJsonLines(o.spec).join('\n') : formatSpecResult(o.spec, specCols, paint));
      if (o.spec.rows.some((row) => !row.match) && status === 0) status = 1;
    } else if (args.json) o.results.forEach((r) => print(toJsonLine(r)));
    else if (args.herd) o.results.forEach((r) => print(formatHerd(r, createHash('md5').update(readFileSync(r.file)).digest('hex'))));
    else if (models.length > 1) print(formatComparison(o.results, comparisonCols, paint));
    else print(formatResult(o.results[0]!, paint));
  });
  if (args.graph) await writePictures(args.graph, 'verify', pictured);
  if (text) print(`\n${tally.line(models.length, paint)}`);
  return internalErrors ? 3 : status;
}

export const verifyCommand = defineCommand({
  command: 'verify <paths..>',
  describe: 'Verify C litmus tests and scenario specs (*.spec.ts; files or directories) under memory models',
  builder: (y: Argv) =>
    checkNumbers(
      withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files, spec files or directories' }))
        // No default: litmus tests take lkmm, specs every model their expectations name.
        .default('model', undefined, 'lkmm for litmus tests; for specs, every model their expect names')
        .option('cat', { type: 'string', requiresArg: true, describe: "a cat model file, e.g. herd's linux-kernel.cat (with --model: side by side)" })
        .option('bell', { type: 'string', requiresArg: true, describe: 'the bell file run before --cat (e.g. linux-kernel.bell)' })
        .option('def', { type: 'string', requiresArg: true, describe: "herd's kernel-primitive macros (e.g. linux-kernel.def): events as herd makes them" })
        .option('cfg', { type: 'string', requiresArg: true, describe: "herd's configuration file (e.g. linux-kernel.cfg): its macros, bell, model and variant lines" })
        .option('jobs', { type: 'number', default: defaultJobs(), requiresArg: true, describe: 'processes for several files, this one included; helpers start when the work left is long (default: the core count)' })
        .option('graph', { type: 'string', requiresArg: true, describe: 'write each witness as DOT and SVG into this directory (see memorder report)' })
        .option('variant', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'herd -variant names seen by `if "name"` in cat files' })
        .option('herd', { type: 'boolean', default: false, describe: "print each litmus test's result in herd7's output format (for scripts written for herd7)" })
        .check((a) => {
          if (a.herd && a.json) throw new UsageError('--herd and --json are two output formats: give one');
          return true;
        }),
      { jobs: 'positive integer' },
    ),
  run: (a) => run(a),
});
