// The solver session's --timeout budget: it bounds a test's questions
// together, not each check alone, so a test of many quick checks (here:
// listing some 17,000 final states, minutes of work) also ends in Unknown.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

/** Three writers of x and y, two readers of x, y, x, every register observed: thousands of final states. */
function manyStates(): string {
  const writers = [1, 2, 3].map((v, i) => `P${i}(int *x, int *y)\n{\n\tWRITE_ONCE(*x, ${v});\n\tWRITE_ONCE(*y, ${v});\n}`);
  const readers = [3, 4].map(
    (i) => `P${i}(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\tint r2;\n\n\tr0 = READ_ONCE(*x);\n\tr1 = READ_ONCE(*y);\n\tr2 = READ_ONCE(*x);\n}`,
  );
  return ['C many-states', '{}', ...writers, ...readers, 'locations [3:r1; 3:r2; 4:r0; 4:r1; 4:r2; x; y]', 'exists (3:r0=9)'].join('\n\n') + '\n';
}

describe('solver session budget (--timeout)', () => {
  afterAll(shutdownZ3);

  it('is the whole test\'s: many quick checks run out of it and give Unknown (timeout), not a verdict', async () => {
    const r = await verifyProgram(parseLitmus(manyStates(), 'many-states.litmus'), { model: loadModel('lkmm'), unroll: 4, timeoutMs: 300 });
    expect(r.verdict).toBe('Unknown');
    expect(r.reason).toBe('solver: timeout');
  });
});
