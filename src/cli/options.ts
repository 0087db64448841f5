// Flags several commands share: which model(s), JSON output, solver time
// limit, loop bound.

import type { Argv } from 'yargs';
import { builtinModels, loadModel, type LoadedModel } from '../engine/models.js';
import { ENGINES } from '../engine/encoding.js';

export function withModelOptions<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', default: 'lkmm', describe: `model: ${builtinModels().join(', ')}, all (each in turn), or a .cat file path` })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON object per result per line' })
    .option('timeout', { type: 'number', default: 0, describe: 'solver time limit per test, in seconds (0: none)' })
    .option('unroll', { type: 'number', default: 4, describe: 'how many times a loop body may run' })
    .option('engine', {
      type: 'string',
      choices: ENGINES,
      describe: 'eager: every axiom asserted up front (default); lazy: each execution checked against the model, a clause learnt from each violation',
      // Through the environment, so that helper processes use it too.
      coerce: (e: string) => ((process.env.MEMORDER_ENGINE = e), e),
    });
}

/** For the barrier questions: which variant of a scenario spec the question is about. */
export function withSpecVariantOption<T>(y: Argv<T>) {
  return y.option('spec-variant', { type: 'string', describe: 'for a scenario spec: the variant to ask about (default: fixed)' });
}

/** The model names `--model` stands for (`all`: every built-in model). */
export function modelNames(model: string): string[] {
  return model === 'all' ? builtinModels() : [model];
}

/** Loads every model `--model` stands for (bad names fail here, before any work). */
export function loadModels(model: string, variants: readonly string[] = []): LoadedModel[] {
  return modelNames(model).map((m) => loadModel(m, variants));
}
