// Finding and loading memory models: `--model NAME` names a file of
// encodings/ (sc, lkmm, ...); anything with a path separator or `.cat` suffix
// is a cat file given by path. Parsed files are cached for the process.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCat } from '../cat/parser.js';
import { evaluateModel, type CatEnv, type ModelCheck } from '../cat/evaluate.js';
import type { CatModel } from '../cat/ast.js';
import type { BaseRelations } from '../relations/base.js';
import type { Approximation } from '../relations/approximate.js';
import { InputError } from '../program/errors.js';

/** The project's encodings/ folder (works from src/ under vitest and from dist/). */
export const ENCODINGS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../encodings');

/** Models shipped in encodings/, by the name `--model` takes. */
export function builtinModels(): string[] {
  return readdirSync(ENCODINGS_DIR)
    .filter((f) => f.endsWith('.cat') && !f.startsWith('_'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export interface LoadedModel {
  /** Name shown in results: `lkmm`, or the file path. */
  name: string;
  file: string;
  cat: CatModel;
  variants: Set<string>;
}

const parsed = new Map<string, CatModel>();

function parseFile(file: string): CatModel {
  let m = parsed.get(file);
  if (!m) {
    if (!existsSync(file)) throw new InputError({ file, line: 1, col: 1 }, 'model file not found');
    m = parseCat(readFileSync(file, 'utf8'), file);
    parsed.set(file, m);
  }
  return m;
}

/** Resolves `include "x.cat"`: next to the including file, then in encodings/. */
function loadInclude(path: string, from: string): CatModel {
  const candidates = isAbsolute(path) ? [path] : [join(dirname(from), path), join(ENCODINGS_DIR, path)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new InputError({ file: from, line: 1, col: 1 }, `cannot find included model file '${path}'`);
  return parseFile(found);
}

export function loadModel(nameOrPath: string, variants: Iterable<string> = []): LoadedModel {
  const byPath = nameOrPath.includes('/') || nameOrPath.endsWith('.cat');
  const file = byPath ? resolve(nameOrPath) : join(ENCODINGS_DIR, `${nameOrPath}.cat`);
  if (!byPath && !existsSync(file)) {
    throw new InputError(
      { file: '<command line>', line: 1, col: 1 },
      `unknown model '${nameOrPath}' (known: ${builtinModels().join(', ')}; or give a .cat file path)`,
    );
  }
  return { name: byPath ? nameOrPath : nameOrPath, file, cat: parseFile(file), variants: new Set(variants) };
}

/** Evaluates a model over base relations: every check it states, in file order. */
export function evaluateChecks(model: LoadedModel, base: BaseRelations, approximation?: Approximation): ModelCheck[] {
  const env: CatEnv = {
    n: base.n,
    universe: base.universe,
    sets: base.sets,
    relations: base.relations,
    variants: model.variants,
    approximation,
  };
  return evaluateModel(model.cat, env, loadInclude).checks;
}
