// A filter on registers the condition does not name (an xchg_acquire lock
// taken by both threads): the filter keeps only executions where each thread
// got the lock free, as herd7 7.58 does (States 2, Never); it used to crash
// the encoder (propTerm had no term for 0:r2).
import { afterAll, describe, expect, it } from 'vitest';
import { verifyProgram } from '../../src/check/verify.js';
import { loadModel } from '../../src/engine/models.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const TEST = `C SB-locked-filter
{}
P0(int *sl, int *x0, int *x1)
{
	int r2;
	int r1;
	r2 = xchg_acquire(sl, 1);
	WRITE_ONCE(*x0, 1);
	r1 = READ_ONCE(*x1);
	smp_store_release(sl, 0);
}
P1(int *sl, int *x0, int *x1)
{
	int r2;
	int r1;
	r2 = xchg_acquire(sl, 1);
	WRITE_ONCE(*x1, 1);
	r1 = READ_ONCE(*x0);
	smp_store_release(sl, 0);
}
filter (0:r2=0 /\\ 1:r2=0)
exists (0:r1=0 /\\ 1:r1=0)
`;

describe('filter', () => {
  afterAll(shutdownZ3);

  it('speaks of registers the final states do not show', async () => {
    const r = await verifyProgram(parseLitmus(TEST, 'filter.litmus'), { model: loadModel('lkmm'), unroll: 2 });
    expect(r.verdict).toBe('Never');
    expect(r.states).toEqual([
      { '0:r1': 0, '1:r1': 1 },
      { '0:r1': 1, '1:r1': 0 },
    ]);
  });
});
