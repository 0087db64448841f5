// Check cases of a scenario spec (`*.spec.ts`): one per model × variant the
// spec's `expect` keys name, judged like litmus cases. A mismatch points at
// the barrier the variant drops or weakens, else at the forbidden-outcome
// predicate. The shape below is what the scenario front end's
// checkSpecFile returns (src/check/spec.ts on the scenario branch).

import type { SourcePos } from '../program/ir.js';
import { judge, type CheckCase } from './cases.js';
import type { TestResult } from '../engine/result.js';

export interface SpecRowOutcome {
  variant: string;
  model: string;
  expected: 'Never' | 'Sometimes' | 'Always';
  /** Where the expectation is written (the `expect` entry). */
  expectPos: SourcePos;
  result: TestResult;
  /** The barriers this variant drops or weakens, when it does. */
  barrierPos?: SourcePos[];
  /** Thread names by thread number, to show the witness in the spec's terms. */
  threads?: string[];
}

export interface SpecOutcome {
  file: string;
  name: string;
  /** The forbidden-outcome predicate. */
  forbiddenPos: SourcePos;
  /** Every file the verdicts depend on (the cache's found inputs). */
  imports: string[];
  rows: SpecRowOutcome[];
}

export function specCases(spec: SpecOutcome): CheckCase[] {
  return spec.rows.map((row) => {
    const location = row.barrierPos?.[0] ?? spec.forbiddenPos;
    const c = judge(row.result, { source: 'spec expect', claims: [{ kind: 'verdict', verdict: row.expected, pos: row.expectPos }] }, location, row.variant);
    return { ...c, file: spec.file, name: spec.name, model: row.model, ...(row.threads ? { threads: row.threads } : {}) };
  });
}
