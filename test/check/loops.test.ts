// Bounded loops, retry gotos and await loops, end to end: the unroll bound
// shows as `bound reached` (and Unknown, never Never) until it is large
// enough, and control flow out of loops and gotos keeps its dependencies.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const lkmm = loadModel('lkmm');
const verify = (text: string, unroll = 4) => verifyProgram(parseLitmus(text, 'test.litmus'), { model: lkmm, unroll });
const read = (f: string) => readFileSync(`specs/litmus/loops/${f}`, 'utf8');

describe('loops', () => {
  afterAll(shutdownZ3);

  it('a retry loop reaches a low bound (Unknown) and is decided at a bound large enough', async () => {
    const text = read('cmpxchg-retry-inc.litmus');
    const low = await verify(text, 1);
    expect(low.verdict).toBe('Unknown');
    expect(low.reason).toMatch(/^bound reached: a loop \(P0 line 20, P1 line 32\)/);
    expect(low.boundReached?.map(({ thread, line, col }) => ({ thread, line, col }))).toEqual([
      { thread: 0, line: 20, col: 1 },
      { thread: 1, line: 32, col: 2 },
    ]);
    const enough = await verify(text, 2);
    expect(enough.verdict).toBe('Never');
    expect(enough.boundReached).toBeUndefined();
    expect(enough.states).toEqual([{ x: 2 }]);
  });

  it('a bound that cuts a loop off does not hide a reachable outcome (Sometimes stays Sometimes)', async () => {
    // Without the compare, the lost update is reachable in the first iteration.
    const text = read('cmpxchg-retry-inc.litmus').replace('r = cmpxchg(x, old, old + 1);', 'WRITE_ONCE(*x, old + 1); r = old;');
    const r = await verify(text, 1);
    expect(r.verdict).toBe('Sometimes');
    expect(r.boundReached?.map((b) => b.thread)).toEqual([1]);
  });

  it('continue runs a for loop\'s step, and a forward goto leaves the loop', async () => {
    const r = await verify(`C loop-control
{}
P0(int *x)
{
	int i;
	int s = 0;

	for (i = 0; i < 4; i++) {
		if (i == 1)
			continue;
		if (i == 3)
			goto done;
		s = s + i;
	}
	s = 100;
done:
	WRITE_ONCE(*x, s);
}
exists (x=2)
`);
    expect(r.verdict).toBe('Always');
    expect(r.boundReached).toBeUndefined();
  });

  it('an await loop is one read that ends it, with no bound', async () => {
    const r = await verify(read('MP+await.litmus'), 1);
    expect(r.verdict).toBe('Sometimes');
    expect(r.boundReached).toBeUndefined();
    expect(r.states).toEqual([{ '1:r0': 0 }, { '1:r0': 1 }]);
  });

  it('the store after a loop or an early goto depends on what decided it', async () => {
    // The same shapes with the store moved before the branch: no dependency, LB is allowed.
    const awaitCtrl = read('LB+await-ctrl.litmus').replace(/\twhile \(READ_ONCE\(\*x\) == 0\)\n\t\t;\n\tWRITE_ONCE\(\*y, 1\);/, '\tWRITE_ONCE(*y, 1);\n\twhile (READ_ONCE(*x) == 0)\n\t\t;');
    expect(awaitCtrl).not.toBe(read('LB+await-ctrl.litmus'));
    expect((await verify(awaitCtrl)).verdict).toBe('Sometimes');
    expect((await verify(read('LB+await-ctrl.litmus'))).verdict).toBe('Never');
    const gotoCtrl = read('LB+goto-ctrl.litmus').replace('\tWRITE_ONCE(*y, 1);\nout:', 'out:').replace('\tr1 = READ_ONCE(*x);', '\tWRITE_ONCE(*y, 1);\n\tr1 = READ_ONCE(*x);');
    expect((await verify(gotoCtrl)).verdict).toBe('Sometimes');
    expect((await verify(read('LB+goto-ctrl.litmus'))).verdict).toBe('Never');
  });
});
