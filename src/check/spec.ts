// Checking a scenario spec (`*.spec.ts`): every variant under every model its
// expectations name, each verdict compared with the expectation. This is the
// API `memorder verify` and `memorder ci` call:
//
//   checkSpecFile(file, options): Promise<SpecResult>
//
// The models come from the spec's `expect` keys and are loaded with
// loadModel; a model that does not exist is bad input at the key naming it.

import { InputError } from '../program/errors.js';
import type { Program, SourcePos } from '../program/ir.js';
import { ScenarioProject, displayName } from '../scenario/project.js';
import { barrierLibrary, requireSoundBarriers, sitesOfFiles, type BarrierSiteInfo } from '../scenario/barriers.js';
import { compileVariant, readScenario, specFiles, type CompiledVariant, type ExpectedVerdict, type ScenarioSpec } from '../scenario/spec.js';
import { loadModel, type LoadedModel } from '../engine/models.js';
import type { TestResult, Verdict, Witness } from '../engine/result.js';
import { verifyProgram } from './verify.js';

/** Scenario specs are the files with this suffix. */
export const SPEC_SUFFIX = '.spec.ts';

export interface SpecOptions {
  /** Check only these models (default: every model the spec's expectations name). */
  models?: readonly string[];
  /** Check only these variants (`fixed` is the scenario itself). */
  variants?: readonly string[];
  /** Per-query solver budget in milliseconds. */
  timeoutMs?: number;
  /** Loop unrolling bound (default 4). */
  unroll?: number;
  /** A project to reuse across spec files (parsed library files are shared). */
  project?: ScenarioProject;
  /**
   * Check only every `of`-th row, from row `index` (rows in their usual
   * order): how `memorder ci` shares one spec among several processes.
   */
  part?: SpecPart;
}

/** A share of a spec's rows: those whose position modulo `of` is `index`. */
export interface SpecPart {
  index: number;
  of: number;
}

/** One model × variant. */
export interface SpecRow {
  variant: string;
  model: string;
  expected: ExpectedVerdict;
  verdict: Verdict;
  /** verdict === expected. */
  match: boolean;
  /** Why the verdict is Unknown. */
  reason?: string;
  /** The commit the variant comes from. */
  commit?: string;
  description?: string;
  /** Where the expectation is written. */
  expectPos: SourcePos;
  /** An execution reaching the forbidden outcome (events carry TS file:line and function). */
  witness?: Witness;
  /** Thread names by thread number, to print witnesses in the spec's terms. */
  threads: string[];
  result: TestResult;
}

export interface SpecResult {
  file: string;
  name: string;
  description?: string;
  commit?: string;
  /** Where the scenario and its forbidden predicate are written. */
  pos: SourcePos;
  forbiddenPos: SourcePos;
  /**
   * Every file the verdicts depend on (content-hash caching): the spec, the
   * reference files it compiles, and the library files searched for barrier
   * partners. Model files are not included.
   */
  imports: string[];
  /** Barrier sites of the reference code the spec compiles (with ids, partners, positions). */
  barriers: BarrierSiteInfo[];
  /** Model × variant, in the order models first appear in the expectations. */
  rows: SpecRow[];
  /** Expectations left out by `options.models` / `options.variants`. */
  skipped: { variant: string; model: string }[];
  /** ts-morph parse + compile of all variants. */
  compileMs: number;
  timeMs: number;
}

/** The spec's files, compiled: what checkSpecFile and `barriers`-style tools share. */
export interface CompiledSpec {
  spec: ScenarioSpec;
  variants: { variant: ScenarioSpec['variants'][number]; compiled: CompiledVariant }[];
  imports: string[];
  barriers: BarrierSiteInfo[];
}

/** Reads a spec and compiles every variant to IR (no solving). Throws InputError on bad input. */
export function compileSpec(project: ScenarioProject, file: string): CompiledSpec {
  const spec = readScenario(project, file);
  const variants = spec.variants.map((variant) => ({ variant, compiled: compileVariant(project, spec, variant) }));
  const universe = barrierLibrary(project, [project.file(file)]);
  requireSoundBarriers(sitesOfFiles(project, universe));
  const used = new Map<string, BarrierSiteInfo>();
  for (const { compiled } of variants) for (const s of compiled.sites) used.set(`${s.pos.file}:${s.pos.line}:${s.pos.col}`, s);
  const imports = new Set(specFiles(spec, variants.map((v) => v.compiled)));
  for (const sf of universe) imports.add(displayName(sf.getFilePath()));
  return { spec, variants, imports: [...imports].sort(), barriers: [...used.values()] };
}

function loadExpectedModel(name: string, pos: SourcePos): LoadedModel {
  try {
    return loadModel(name);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(pos, e.detail);
    throw e;
  }
}

export async function checkSpecFile(file: string, options: SpecOptions = {}): Promise<SpecResult> {
  const started = performance.now();
  const project = options.project ?? (await ScenarioProject.create());
  const { spec, variants, imports, barriers } = compileSpec(project, file);
  const compileMs = performance.now() - started;

  const selectedVariant = (name: string) => !options.variants || options.variants.includes(name);
  const selectedModel = (name: string) => !options.models || options.models.includes(name);
  const models: string[] = [];
  const skipped: SpecResult['skipped'] = [];
  const loaded = new Map<string, LoadedModel>();
  for (const { variant } of variants) {
    for (const e of variant.expect) {
      if (!selectedVariant(variant.name) || !selectedModel(e.model)) {
        skipped.push({ variant: variant.name, model: e.model });
        continue;
      }
      if (!loaded.has(e.model)) {
        loaded.set(e.model, loadExpectedModel(e.model, e.pos));
        models.push(e.model);
      }
    }
  }

  const rows: SpecRow[] = [];
  let position = 0;
  const inPart = () => {
    const p = position++;
    return !options.part || p % options.part.of === options.part.index;
  };
  for (const model of models) {
    for (const { variant, compiled } of variants) {
      const e = variant.expect.find((x) => x.model === model);
      if (!e || !selectedVariant(variant.name) || !inPart()) continue;
      const result = await verifyProgram(compiled.program, { model: loaded.get(model)!, unroll: options.unroll ?? 4, timeoutMs: options.timeoutMs });
      const row: SpecRow = {
        variant: variant.name,
        model,
        expected: e.verdict,
        verdict: result.verdict,
        match: result.verdict === e.verdict,
        expectPos: e.pos,
        threads: compiled.program.threads.map((t) => t.name),
        result,
      };
      if (result.reason) row.reason = result.reason;
      if (variant.commit) row.commit = variant.commit;
      if (variant.description) row.description = variant.description;
      if (result.witness) row.witness = result.witness;
      rows.push(row);
    }
  }
  const out: SpecResult = {
    file: spec.file,
    name: spec.name,
    pos: spec.pos,
    forbiddenPos: spec.forbidden.pos,
    imports,
    barriers,
    rows,
    skipped,
    compileMs: Math.round(compileMs),
    timeMs: Math.round(performance.now() - started),
  };
  if (spec.description) out.description = spec.description;
  if (spec.commit) out.commit = spec.commit;
  return out;
}

/** The programs of a spec's variants (for what-if queries and tests), by variant name. */
export async function specPrograms(file: string, project?: ScenarioProject): Promise<Map<string, Program>> {
  const { variants } = compileSpec(project ?? (await ScenarioProject.create()), file);
  return new Map(variants.map(({ variant, compiled }) => [variant.name, compiled.program]));
}

/** The `pairs-with` partners each annotated barrier of a spec's code declares, by id. */
export async function declaredPartners(file: string, project?: ScenarioProject): Promise<Map<string, string[]>> {
  const { barriers } = compileSpec(project ?? (await ScenarioProject.create()), file);
  const out = new Map<string, string[]>();
  for (const b of barriers) if (b.id) out.set(b.id, [...(out.get(b.id) ?? []), ...b.pairsWith]);
  return out;
}
