// Known results per architecture (x86-TSO and ARMv8 with the kernel's
// instruction mappings of encodings/mapping.txt), each the textbook answer
// for the shape, next to the LKMM's and SC's.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyFile } from '../../src/check/run.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

type Expect = Partial<Record<'lkmm' | 'x86' | 'armv8' | 'sc', string>>;

const cases: [file: string, expected: Expect, why: string][] = [
  ['specs/litmus/arch/SB+mbs.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never', sc: 'Never' }, 'a full barrier on both sides'],
  ['specs/litmus/fences/MP+wmb+rmb.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never' }, 'dmb ishst / dmb ishld; compiler barriers on x86'],
  ['specs/litmus/arch/SB.litmus', { lkmm: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes', sc: 'Never' }, "x86's store buffer"],
  ['specs/litmus/arch/MP.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Sometimes' }, 'x86 keeps stores and loads in order'],
  ['specs/litmus/arch/LB.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Sometimes' }, 'x86 never moves a store before an earlier load'],
  ['specs/litmus/arch/IRIW+rmbs.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Never' }, 'x86 and arm64 are multi-copy atomic; the LKMM is not'],
  ['specs/litmus/atomic/SB+xchgs.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never' }, 'xchg is XCHG on x86, SWPAL (a full barrier) on arm64'],
  ['specs/litmus/atomic/SB+xchg_relaxeds.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Sometimes' }, 'every x86 RMW is LOCKed; SWP on arm64 orders nothing'],
  ['specs/litmus/atomic/SB+atomic_incs.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Sometimes' }, 'LOCK INC is a full barrier; STADD is not'],
  ['specs/litmus/atomic/SB+atomic_inc+mb__after_atomics.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never' }, 'smp_mb__after_atomic is dmb ish on arm64, LOCK INC on x86'],
  ['specs/litmus/atomic/SB+cmpxchgs.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never' }, 'LOCK CMPXCHG / CASAL'],
  ['specs/litmus/locking/SB+lock.litmus', { lkmm: 'Sometimes', x86: 'Never', armv8: 'Sometimes' }, 'spin_lock is a LOCKed cmpxchg on x86, CASA (acquire only) on arm64'],
  ['specs/litmus/locking/SB+lock-mb__after_spinlock.litmus', { lkmm: 'Never', x86: 'Never', armv8: 'Never' }, 'smp_mb__after_spinlock is dmb ish on arm64'],
];

describe('architecture models', () => {
  afterAll(shutdownZ3);
  for (const [file, expected, why] of cases) {
    for (const [model, verdict] of Object.entries(expected)) {
      it(`${file} under ${model} is ${verdict} (${why})`, async () => {
        const r = await verifyFile(file, { model: loadModel(model), unroll: 4 });
        expect(r.verdict).toBe(verdict);
      });
    }
  }

  it('is Unknown, with the reason, for an RCU grace period under an architecture model', async () => {
    const r = await verifyFile('specs/litmus/rcu/RCU+sync+nested-read.litmus', { model: loadModel('x86'), unroll: 4 });
    expect(r.verdict).toBe('Unknown');
    expect(r.reason).toMatch(/'synchronize_rcu' \(line \d+\).* not modelled under x86/);
  });

  it('judges read-side sections without a grace period: they order nothing on the machine (MP without barriers)', async () => {
    const file = 'specs/litmus/rcu/RCU+nosync+read.litmus';
    expect((await verifyFile(file, { model: loadModel('x86'), unroll: 4 })).verdict).toBe('Never');
    expect((await verifyFile(file, { model: loadModel('armv8'), unroll: 4 })).verdict).toBe('Sometimes');
  });
});
