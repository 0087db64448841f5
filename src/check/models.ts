// Finding and loading memory models: `--model NAME` names a file of
// encodings/ (sc, lkmm, ...); anything with a path separator or `.cat` suffix
// is a cat file given by path. Parsed files are cached for the process.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCat } from '../cat/parser.js';
import { evaluateModel, type CatEnv, type ModelCheck } from '../cat/evaluate.js';
import type { CatModel } from '../cat/ast.js';
import type { BaseRelations } from '../relations/base.js';
import type { Approximation } from '../relations/approximate.js';
import { InputError } from '../program/errors.js';
import { loadMapping, type ArchMapping } from '../events/lower.js';

/** The project's encodings/ folder (works from src/ under vitest and from dist/). */
export const ENCODINGS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../encodings');

/** A row of encodings/models.txt. */
interface BuiltinModel {
  name: string;
  cat: string;
  /** Column of encodings/mapping.txt, for architecture models. */
  mapping?: string;
  description: string;
}

let registry: BuiltinModel[] | undefined;

/** The models of encodings/models.txt, in file order. */
function builtins(): BuiltinModel[] {
  if (!registry) {
    const file = join(ENCODINGS_DIR, 'models.txt');
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l.length > 0)
      .map((l) => l.split('|').map((c) => c.trim()));
    registry = rows.slice(1).map(([name, cat, mapping, description]) => ({
      name: name!,
      cat: cat!,
      mapping: mapping && mapping !== '-' ? mapping : undefined,
      description: description ?? '',
    }));
  }
  return registry;
}

/** Models shipped in encodings/, by the name `--model` takes, in `--model all` order. */
export function builtinModels(): string[] {
  return builtins().map((m) => m.name);
}

export interface LoadedModel {
  /** Name shown in results: `lkmm`, or the file path. */
  name: string;
  file: string;
  cat: CatModel;
  variants: Set<string>;
  /** For architecture models: how kernel primitives become instructions. */
  mapping?: { table: string; arch: ArchMapping };
}

const MAPPING_FILE = join(ENCODINGS_DIR, 'mapping.txt');
const mappings = new Map<string, ArchMapping>();

function mappingFor(arch: string): ArchMapping {
  let m = mappings.get(arch);
  if (!m) mappings.set(arch, (m = loadMapping(MAPPING_FILE, arch)));
  return m;
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
  if (byPath) {
    const file = resolve(nameOrPath);
    return { name: nameOrPath, file, cat: parseFile(file), variants: new Set(variants) };
  }
  const builtin = builtins().find((m) => m.name === nameOrPath);
  if (!builtin) {
    throw new InputError(
      { file: '<command line>', line: 1, col: 1 },
      `unknown model '${nameOrPath}' (known: ${builtinModels().join(', ')}, all; or give a .cat file path)`,
    );
  }
  const file = join(ENCODINGS_DIR, builtin.cat);
  const model: LoadedModel = { name: builtin.name, file, cat: parseFile(file), variants: new Set(variants) };
  if (builtin.mapping) model.mapping = { table: MAPPING_FILE, arch: mappingFor(builtin.mapping) };
  return model;
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
