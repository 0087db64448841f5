// Spec results as check cases: one per model × variant, located at the
// barrier a variant changes or at the forbidden predicate.
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/engine/result.js';
import { specCases, type SpecOutcome } from '../../src/batch/spec-cases.js';

const at = (line: number) => ({ file: 'specs/mm/gup.spec.ts', line, col: 3 });
const result = (verdict: TestResult['verdict'], model: string): TestResult => ({ file: 'specs/mm/gup.spec.ts', name: 'program', model, verdict, states: [], positive: verdict === 'Never' ? 0 : 1, negative: 1, flags: [], timeMs: 3 });

const spec: SpecOutcome = {
  file: 'specs/mm/gup.spec.ts',
  name: 'gup-vs-ksm',
  forbiddenPos: at(20),
  imports: ['specs/mm/gup.spec.ts', 'specs/mm/gup.ts'],
  rows: [
    { variant: 'fixed', model: 'lkmm', expected: 'Never', expectPos: at(22), result: result('Never', 'lkmm') },
    { variant: 'no-mb', model: 'lkmm', expected: 'Never', expectPos: at(30), result: result('Sometimes', 'lkmm'), barrierPos: [{ file: 'specs/mm/gup.ts', line: 9, col: 3 }] },
    { variant: 'fixed', model: 'x86', expected: 'Sometimes', expectPos: at(22), result: result('Never', 'x86') },
  ],
};

describe('specCases', () => {
  const cases = specCases(spec);

  it('gives one case per model × variant, named after the spec', () => {
    expect(cases.map((c) => [c.name, c.model, c.variant, c.status])).toEqual([
      ['gup-vs-ksm', 'lkmm', 'fixed', 'pass'],
      ['gup-vs-ksm', 'lkmm', 'no-mb', 'fail'],
      ['gup-vs-ksm', 'x86', 'fixed', 'fail'],
    ]);
  });

  it('locates a variant mismatch at the barrier it changes, else at the forbidden predicate', () => {
    expect(cases[1]!.location).toEqual({ file: 'specs/mm/gup.ts', line: 9, col: 3 });
    expect(cases[2]!.location).toEqual(at(20));
    expect(cases[2]!.messages).toEqual(['expected Sometimes, got Never (expected at specs/mm/gup.spec.ts:22)']);
    expect(cases[2]!.related.at(-1)).toEqual({ pos: at(22), message: 'expectation (spec expect)' });
  });
});
