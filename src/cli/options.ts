// Flags several commands share: which model(s), JSON output, solver time
// limit, loop bound; and the checks that turn a bad value into a usage
// error (exit 2) before anything runs.

import type { Argv } from 'yargs';
import { builtinModels, loadModel, type LoadedModel } from '../engine/models.js';
import { ENGINES } from '../engine/encoding.js';
import { COLOR_OPTION } from '../report/colour.js';

/** A command line that cannot be run (main prints it as one line, exit 2). */
export class UsageError extends Error {}

/** What a numeric flag may be. */
type NumberRule = 'non-negative' | 'non-negative integer' | 'positive integer';

const RULES: Record<NumberRule, (n: number) => boolean> = {
  'non-negative': (n) => Number.isFinite(n) && n >= 0,
  'non-negative integer': (n) => Number.isInteger(n) && n >= 0,
  'positive integer': (n) => Number.isInteger(n) && n >= 1,
};

/** Rejects numeric flags outside their rule (NaN from `--timeout abc` too) as usage errors. */
export function checkNumbers<T>(y: Argv<T>, rules: Record<string, NumberRule>): Argv<T> {
  return y.check((argv) => {
    for (const [flag, rule] of Object.entries(rules)) {
      const key = flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      const value: unknown = argv[key];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !RULES[rule](value)) throw new UsageError(`--${flag} needs a ${rule} number, got ${String(value)}`);
    }
    return true;
  });
}

export function withSolverOptions<T>(y: Argv<T>) {
  const out = y
    .option('timeout', { type: 'number', default: 0, requiresArg: true, describe: 'solver time limit per test, in seconds (0: none)' })
    .option('unroll', { type: 'number', default: 4, requiresArg: true, describe: 'how many times a loop body may run' });
  return checkNumbers(out, { timeout: 'non-negative', unroll: 'non-negative integer' });
}

export function withModelOptions<T>(y: Argv<T>) {
  return withSolverOptions(
    y
      .option('model', { type: 'string', default: 'lkmm', requiresArg: true, describe: `model: ${builtinModels().join(', ')}, all (each in turn), or a .cat file path` })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per result per line' })
      .option('color', { type: 'boolean', describe: COLOR_OPTION })
      .option('engine', {
        type: 'string',
        choices: ENGINES,
        requiresArg: true,
        describe: 'eager: every axiom asserted up front (default); lazy: each execution checked against the model, a clause learnt from each violation',
        // Through the environment, so that helper processes use it too.
        coerce: (e: string) => ((process.env.MEMORDER_ENGINE = e), e),
      }),
  );
}

/** For the barrier questions: which variant of a scenario spec the question is about. */
export function withSpecVariantOption<T>(y: Argv<T>) {
  return y.option('spec-variant', { type: 'string', requiresArg: true, describe: 'for a scenario spec: the variant to ask about (default: fixed)' });
}

/** The model names `--model` stands for (`all`: every built-in model). */
export function modelNames(model: string): string[] {
  return model === 'all' ? builtinModels() : [model];
}

/** Loads every model `--model` stands for (bad names fail here, before any work). */
export function loadModels(model: string, variants: readonly string[] = []): LoadedModel[] {
  return modelNames(model).map((m) => loadModel(m, variants));
}
