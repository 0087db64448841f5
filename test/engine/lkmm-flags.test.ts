// The validity flags of encodings/lkmm.cat on small tests: the flags the
// kernel's own model files raise on the same tests (compared when
// LKMM_CAT_DIR is set, in herd-cat.test.ts), verdicts alongside.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyFile } from '../../src/check/run.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const FLAG_TESTS = join(import.meta.dirname, '../fixtures/flags');

const expected: Record<string, [string, string[]]> = {
  'unmatched-unlock': ['Sometimes', ['unmatched-unlock']],
  'mixed-lock': ['Sometimes', ['mixed-lock-accesses']],
  'srcu-bad-value': ['Sometimes', ['srcu-bad-value-match']],
  'srcu-unmatched': ['Sometimes', ['unmatched-srcu-lock']],
  'rcu-unmatched': ['Sometimes', ['unmatched-rcu-lock']],
  'sleep-in-rcu': ['Sometimes', ['invalid-sleep']],
  'lock-final': ['Sometimes', []],
  'islocked-inside': ['Never', []],
  'nested-lock': ['Never', []],
  'two-unmatched-locks': ['Never', []],
};

describe('validity flags (lkmm)', () => {
  afterAll(shutdownZ3);
  const model = loadModel('lkmm');
  for (const [name, [verdict, flags]] of Object.entries(expected)) {
    it(`${name}: ${verdict}${flags.length > 0 ? `, ${flags.join(', ')}` : ''}`, async () => {
      const r = await verifyFile(join(FLAG_TESTS, `${name}.litmus`), { model, unroll: 4 });
      expect([r.verdict, r.flags]).toEqual([verdict, flags]);
    });
  }
});
