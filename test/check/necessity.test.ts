// `barriers`: necessity, weakest sufficient kind and minimal sufficient
// sets, per model, checked against what the models are known to say.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { analyseBarriers } from '../../src/check/necessity.js';
import { readProgram } from '../../src/check/run.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

const analyse = (file: string, model = 'lkmm') => analyseBarriers(readProgram(file), { model: loadModel(model), unroll: 4 });
const summary = (r: Awaited<ReturnType<typeof analyse>>) => r.barriers.map((b) => [b.id, b.necessary, b.weakestSufficient]);

describe('barriers', () => {
  afterAll(shutdownZ3);

  it('MP+wmb+rmb: both barriers are necessary under LKMM and arm64, neither on x86', async () => {
    const lkmm = await analyse('specs/litmus/fences/MP+wmb+rmb.litmus');
    expect(lkmm.forbidden).toBe(true);
    expect(summary(lkmm)).toEqual([
      ['P0:smp_wmb#1', true, null],
      ['P1:smp_rmb#1', true, null],
    ]);
    expect(lkmm.minimalSets).toEqual([['P0:smp_wmb#1', 'P1:smp_rmb#1']]);
    expect(lkmm.barriers[1]!.witnessIfDropped!.state).toMatchObject({ '1:r0': 1, '1:r1': 0 });
    const x86 = await analyse('specs/litmus/fences/MP+wmb+rmb.litmus', 'x86');
    expect(summary(x86)).toEqual([
      ['P0:smp_wmb#1', false, null],
      ['P1:smp_rmb#1', false, null],
    ]);
    expect(x86.minimalSets).toEqual([[]]);
    const arm = await analyse('specs/litmus/fences/MP+wmb+rmb.litmus', 'armv8');
    expect(arm.minimalSets).toEqual([['P0:smp_wmb#1', 'P1:smp_rmb#1']]);
  });

  it('SB+mbs: both smp_mb are necessary and cannot be weakened', async () => {
    const r = await analyse('specs/litmus/arch/SB+mbs.litmus');
    expect(summary(r)).toEqual([
      ['P0:smp_mb#1', true, null],
      ['P1:smp_mb#1', true, null],
    ]);
  });

  it.skipIf(!HAVE_SHARED)('ISA2 with locks: the reader\'s smp_mb could be smp_rmb', async () => {
    const r = await analyse(`${SHARED_LITMUS}/kernel/ISA2+pooncelock+pooncelock+pombonce.litmus`);
    expect(summary(r)).toEqual([['P2:smp_mb#1', true, 'smp_rmb']]);
  });

  it('RCU: the grace period is necessary; either read-side section alone suffices with it', async () => {
    // Even the empty inner section separates the two reads: it ends before
    // the grace period starts (then r0 cannot see the later x=1) or starts
    // after it ends (then r1 must see y=1).
    const r = await analyse('specs/litmus/rcu/RCU+sync+nested-read.litmus');
    expect(r.forbidden).toBe(true);
    expect(summary(r)).toEqual([
      ['P0:rcu_read_lock#1', false, null],
      ['P0:rcu_read_lock#2', false, null],
      ['P1:synchronize_rcu#1', true, null],
    ]);
    expect(r.minimalSets).toEqual([
      ['P0:rcu_read_lock#1', 'P1:synchronize_rcu#1'],
      ['P0:rcu_read_lock#2', 'P1:synchronize_rcu#1'],
    ]);
  });

  it('a reachable outcome is reported as such, with no barrier judged', async () => {
    const r = await analyse('specs/litmus/atomic/SB+xchg_relaxeds.litmus');
    expect(r.forbidden).toBe(false);
    expect(r.reason).toBe('the outcome is reachable as written: no barrier forbids it');
    expect(r.barriers.every((b) => !b.necessary)).toBe(true);
  });

  it('GUP-fast vs PageAnonExclusive (litmus twin of the scenario): all four barriers are necessary under LKMM', async () => {
    const r = await analyse('specs/mm/litmus/gup-fast-vs-anon-exclusive.litmus');
    expect(r.forbidden).toBe(true);
    expect(r.barriers.filter((b) => b.necessary).map((b) => b.id)).toEqual([
      'P0:smp_mb__after_atomic#1',
      'P0:smp_rmb#1',
      'P1:smp_mb#1',
      'P1:smp_mb__after_atomic#1',
    ]);
    expect(r.minimalSets).toEqual([['P0:smp_mb__after_atomic#1', 'P0:smp_rmb#1', 'P1:smp_mb#1', 'P1:smp_mb__after_atomic#1']]);
  }, 120_000);
});
