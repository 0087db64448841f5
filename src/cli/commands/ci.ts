// `memorder ci [PATHS...]`: the gate. Every litmus test and spec file under
// PATHS (default specs/) is checked against its expected verdicts; exit 0
// when all match, 1 on a mismatch or Unknown, 2 on bad input.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { ciStatus, runCi, type CiRun } from '../../batch/ci.js';
import { defaultJobs } from '../../batch/pool.js';
import { toolVersion } from '../../batch/version.js';
import { toCiJson } from '../../report/ci-json.js';
import { COLOR_OPTION, paintFor } from '../../report/colour.js';
import { toJUnit } from '../../report/junit.js';
import { fromCase, writePictures } from '../../report/pictures.js';
import { isPlain, Progress } from '../../report/progress.js';
import { toSarif } from '../../report/sarif.js';
import { formatSummary } from '../../report/summary.js';
import { InputError } from '../../program/errors.js';
import { defineCommand } from '../command.js';
import { checkNumbers, UsageError, withSolverOptions } from '../options.js';

interface CiArgs {
  paths: string[];
  junit?: string;
  sarif?: string;
  json?: string;
  jobs: number;
  cache: boolean;
  cacheDir: string;
  timeout: number;
  unroll: number;
  skipMissing: boolean;
  progress: boolean;
  graph?: string;
  /** Colour (undefined: when the stream is a terminal and NO_COLOR is unset). */
  color?: boolean;
}

function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError({ file, line: 1, col: 1 }, `cannot write: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function writeCiOutputs(run: CiRun, args: Pick<CiArgs, 'junit' | 'sarif' | 'json'>): void {
  if (args.junit) writeOutput(args.junit, toJUnit(run));
  if (args.sarif) writeOutput(args.sarif, JSON.stringify(toSarif(run, toolVersion()), null, 2) + '\n');
  if (args.json) writeOutput(args.json, toCiJson(run, toolVersion()));
}

async function run(args: CiArgs): Promise<number> {
  const progress = new Progress(process.stderr, isPlain(process.stderr), paintFor(process.stderr, process.env, args.color));
  const result = await runCi(args.paths, {
    jobs: args.jobs,
    unroll: args.unroll,
    timeoutMs: args.timeout * 1000,
    ...(args.cache ? { cacheDir: args.cacheDir } : {}),
    skipMissing: args.skipMissing,
    onMissing: (p) => process.stderr.write(`memorder ci: skipping ${p}: not found\n`),
    ...(args.progress ? { onStart: (t: number, c: number) => progress.start(t, c), onFile: progress.file.bind(progress) } : {}),
  });
  progress.finish();
  if (result.files.length === 0) throw new UsageError('nothing to check: every path given is missing');
  writeCiOutputs(result, args);
  if (args.graph) await writePictures(args.graph, 'ci', result.cases.map(fromCase));
  process.stdout.write(formatSummary(result, paintFor(process.stdout, process.env, args.color)) + '\n');
  return ciStatus(result);
}

export const ciCommand = defineCommand({
  command: 'ci [paths..]',
  describe: 'Check every litmus test and spec file against its expected verdicts (a CI gate)',
  builder: (y: Argv) =>
    checkNumbers(
      withSolverOptions(
        y
          .positional('paths', { type: 'string', array: true, default: ['specs'], describe: 'files or directories (default: specs/)' })
          .option('junit', { type: 'string', requiresArg: true, describe: 'write JUnit XML to this file' })
          .option('sarif', { type: 'string', requiresArg: true, describe: 'write SARIF 2.1.0 to this file' })
          .option('json', { type: 'string', requiresArg: true, describe: 'write the results as JSON to this file' })
          .option('jobs', { type: 'number', default: defaultJobs(), requiresArg: true, describe: 'processes, this one included; helpers start when the work left is long (default: the core count)' })
          .option('cache', { type: 'boolean', default: true, describe: 'reuse results of unchanged files (--no-cache to bypass)' })
          .option('cache-dir', { type: 'string', default: '.memorder-cache', requiresArg: true, describe: 'where results are cached' })
          .option('skip-missing', { type: 'boolean', default: false, describe: 'skip paths that do not exist, with a message, instead of failing' })
          .option('graph', { type: 'string', requiresArg: true, describe: 'write each witness as DOT and SVG into this directory (see memorder report)' })
          .option('progress', { type: 'boolean', default: true, describe: 'show progress on stderr (--no-progress for none)' })
          .option('color', { type: 'boolean', describe: COLOR_OPTION }),
      ),
      { jobs: 'positive integer' },
    ),
  run: (a) => run(a),
});
