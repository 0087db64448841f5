// `explain`: the barriers, axioms and cycle behind a forbidden outcome,
// path by path; the cycle of a reachable one.
import { afterAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/check/explain.js';
import { loadModel } from '../../src/engine/models.js';
import { readProgram } from '../../src/check/run.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const run = (file: string, model = 'lkmm') => explain(readProgram(file), { model: loadModel(model), unroll: 4 });

describe('explain', () => {
  afterAll(shutdownZ3);

  it('MP+wmb+rmb: the smp_wmb/smp_rmb pair, happens-before, and the message-passing cycle', async () => {
    const r = await run('specs/litmus/fences/MP+wmb+rmb.litmus');
    expect(r.forbidden).toBe(true);
    expect(r.paths).toEqual([
      {
        states: [{ '1:r0': 1, '1:r1': 0 }],
        reads: [],
        minimalSets: [['P0:smp_wmb#1', 'P1:smp_rmb#1']],
        axioms: ['happens-before'],
        cycle: 'P0 W data=1 -[smp_wmb]-> W flag=1 -rfe-> P1 R flag=1 -[smp_rmb]-> R data=0 -fre-> P0 W data=1',
      },
    ]);
  });

  it('SB+mbs: the smp_mb pair and the propagation axiom', async () => {
    const r = await run('specs/litmus/arch/SB+mbs.litmus');
    expect(r.paths.map((p) => [p.minimalSets, p.axioms, p.cycle])).toEqual([
      [[['P0:smp_mb#1', 'P1:smp_mb#1']], ['propagation'], 'P0 W x=1 -[smp_mb]-> R y=0 -fre-> P1 W y=1 -[smp_mb]-> R x=0 -fre-> P0 W x=1'],
    ]);
  });

  it('names the lock that rules out an outcome no barrier is needed for', async () => {
    // Two critical sections of lock l, each writing x twice: P1 cannot see
    // P0's intermediate value, unless l is dropped; lock m guards nothing.
    const r = await explain(
      parseLitmus(
        `C locked
{}
P0(spinlock_t *l, spinlock_t *m, int *x)
{
	spin_lock(m);
	spin_unlock(m);
	spin_lock(l);
	WRITE_ONCE(*x, 1);
	WRITE_ONCE(*x, 2);
	spin_unlock(l);
}
P1(spinlock_t *l, int *x)
{
	int r0;

	spin_lock(l);
	r0 = READ_ONCE(*x);
	spin_unlock(l);
}
exists (1:r0=1)
`,
        'locked.litmus',
      ),
      { model: loadModel('lkmm'), unroll: 2 },
    );
    expect(r.forbidden).toBe(true);
    expect(r.reason).toBe("the outcome is unreachable even without barriers: ruled out by the lock 'l' (the outcome is reachable without it)");
  });

  it('separates paths that different barriers rule out', async () => {
    // P1 either sees the flag (message passing, needs wmb/rmb) or takes the
    // other branch and stores (store buffering with P0, needs both mbs).
    const r = await explain(
      parseLitmus(
        `C two-paths
{}
P0(int *x, int *y, int *z)
{
	int r0;

	WRITE_ONCE(*x, 1);
	smp_wmb();
	WRITE_ONCE(*y, 1);
	smp_mb();
	r0 = READ_ONCE(*z);
}
P1(int *x, int *y, int *z)
{
	int r1;
	int r2;

	r1 = READ_ONCE(*y);
	if (r1) {
		smp_rmb();
		r2 = READ_ONCE(*x);
	} else {
		WRITE_ONCE(*z, 1);
		smp_mb();
		r2 = READ_ONCE(*x);
	}
}
exists (1:r2=0 /\\ (1:r1=1 \\/ 0:r0=0))
`,
        'two-paths.litmus',
      ),
      { model: loadModel('lkmm'), unroll: 4 },
    );
    expect(r.forbidden).toBe(true);
    const sets = r.paths.map((p) => p.minimalSets[0]);
    expect(sets).toContainEqual(['P0:smp_wmb#1', 'P1:smp_rmb#1']);
    expect(sets).toContainEqual(['P0:smp_mb#1', 'P1:smp_mb#1']);
  });

  it('a reachable outcome: the cycle of its witness', async () => {
    const r = await run('specs/litmus/arch/MP.litmus');
    expect(r.forbidden).toBe(false);
    expect(r.cycle).toBe('P0 W x=1 -po-> W y=1 -rfe-> P1 R y=1 -po-> R x=0 -fre-> P0 W x=1');
    expect(r.witness!.state).toEqual({ '1:r0': 1, '1:r1': 0 });
    const sc = await run('specs/litmus/atomic/atomic-arithmetic.litmus');
    expect(sc.verdict).toBe('Always');
  });

  it('GUP-fast vs PageAnonExclusive: store buffering on the initial PTE, message passing on the restored one', async () => {
    const r = await run('specs/mm/litmus/gup-fast-vs-anon-exclusive.litmus');
    expect(r.forbidden).toBe(true);
    expect(r.paths.map((p) => [p.reads, p.minimalSets, p.axioms])).toEqual([
      [["P0 R pte (line 35) from P1's W (line 80)"], [['P0:smp_rmb#1', 'P1:smp_mb__after_atomic#1']], ['happens-before', 'propagation']],
      [['P0 R pte (line 35) from the initial value'], [['P0:smp_mb__after_atomic#1', 'P1:smp_mb#1']], ['propagation']],
    ]);
    expect(r.paths[0]!.cycle).toBe('P0 R pte=1 -[smp_rmb]-> R anonx=1 -fre-> P1 W anonx=0 -[smp_mb__after_atomic]-> W pte=1 -rfe-> P0 R pte=1');
    expect(r.paths[1]!.cycle).toBe('P1 R refcount=2 -fre-> P0 W refcount=3 -[smp_mb__after_atomic]-> R pte=1 -fre-> P1 W pte=0 -[smp_mb]-> P1 R refcount=2');
  }, 120_000);
});
