// Where check cases come from. Each kind of file `memorder ci` reads is a
// CaseSource: which file names it takes, which other files decide its
// outcome (for the results cache), and how to check it into cases. Litmus
// tests are one source; spec files plug in the same way.

import { readTextFile } from '../program/text-file.js';
import { parseLitmus } from '../litmus/parse.js';
import { InputError } from '../program/errors.js';
import { judge, skippedCase, type CheckCase } from './cases.js';
import { LITMUS_EXPECTATION_MODEL, litmusExpectation } from './litmus-expect.js';
import { loadModel } from '../engine/models.js';
import { checkSpecFile, SPEC_SUFFIX, type SpecPart } from '../check/spec.js';
import { specCases, type SpecOutcome } from './spec-cases.js';
import { readScenario } from '../scenario/spec.js';
import type { ScenarioProject } from '../scenario/project.js';
import { verifyProgram } from '../check/verify.js';

export interface CheckOptions {
  /** Per-test solver budget in milliseconds; 0 or absent for none. */
  timeoutMs?: number;
  unroll: number;
}

export interface CaseSource {
  /** File name endings this source reads (`.litmus`). */
  suffixes: readonly string[];
  /** Files besides `file` known beforehand to decide its cases (expectations); absent ones count too. */
  inputs(file: string): string[];
  /**
   * Checks the file: one case per model × variant, and the files the check
   * found to decide them (imports). Bad input throws InputError. With
   * `part`, a source that can share a file among processes (specs) checks
   * only that share of its cases; others ignore it.
   */
  check(file: string, options: CheckOptions, part?: SpecPart): Promise<{ cases: CheckCase[]; found: string[] }>;
}

/** Litmus tests: LKMM expectations from `Result:` lines and sibling herd7 output. */
export const litmusSource: CaseSource = {
  suffixes: ['.litmus'],
  inputs: (file) => [`${file}.expected`],
  async check(file, options) {
    const text = readTextFile(file);
    const program = parseLitmus(text, file);
    const expectation = litmusExpectation(text, file);
    const location = program.condition?.pos ?? { file, line: 1, col: 1 };
    if (!expectation) {
      return { cases: [skippedCase(file, program.name, LITMUS_EXPECTATION_MODEL, location, 'no expectation: no Result: line and no .expected file')], found: [] };
    }
    const model = loadModel(LITMUS_EXPECTATION_MODEL);
    const result = await verifyProgram(program, { model, timeoutMs: options.timeoutMs, unroll: options.unroll });
    return { cases: [judge(result, expectation, location)], found: [] };
  },
};

/** One parsed scenario project per process, shared by the specs it checks (ts-morph loads on first use). */
let project: Promise<ScenarioProject> | undefined;

export function scenarioProject(): Promise<ScenarioProject> {
  project ??= import('../scenario/project.js').then((m) => m.ScenarioProject.create());
  return project;
}

/** Scenario specs: the models and verdicts of their `expect` keys, per variant. */
export const specSource: CaseSource = {
  suffixes: [SPEC_SUFFIX],
  // Imports are known only once the spec is read: they come back as `found`.
  inputs: () => [],
  async check(file, options, part) {
    const project = await scenarioProject();
    const spec = await checkSpecFile(file, { project, timeoutMs: options.timeoutMs, unroll: options.unroll, ...(part ? { part } : {}) });
    // The barriers each variant drops or weakens, where a mismatch points.
    const edited = new Map(readScenario(project, file).variants.map((v) => [v.name, v.edits.map((e) => e.barrier)]));
    const barrierPos = (variant: string) =>
      (edited.get(variant) ?? []).flatMap((id) => spec.barriers.filter((b) => b.id === id).map((b) => b.pos));
    const outcome: SpecOutcome = {
      file: spec.file,
      name: spec.name,
      forbiddenPos: spec.forbiddenPos,
      imports: spec.imports,
      rows: spec.rows.map((r) => ({ variant: r.variant, model: r.model, expected: r.expected, expectPos: r.expectPos, result: r.result, barrierPos: barrierPos(r.variant), threads: r.threads })),
    };
    return { cases: specCases(outcome), found: spec.imports };
  },
};

export const SOURCES: readonly CaseSource[] = [litmusSource, specSource];

export const CHECKED_SUFFIXES: readonly string[] = SOURCES.flatMap((s) => s.suffixes);

export function sourceFor(file: string): CaseSource {
  const s = SOURCES.find((x) => x.suffixes.some((suffix) => file.endsWith(suffix)));
  if (!s) throw new InputError({ file, line: 1, col: 1 }, `not a file memorder ci checks (expected ${CHECKED_SUFFIXES.join(', ')})`);
  return s;
}
