// Litmus tests herd7 has not seen: the shared ones with a fence dropped or
// weakened, an acquire made plain, or two reads swapped. Each expectation is
// argued from the model in its comment; the brute-force oracle cross-checks
// the SMT answer where it can.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enumerateExecutions } from '../../src/engine/enumerate.js';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

interface Mutation {
  file: string;
  /** What is replaced (first occurrence unless `all`), and by what. */
  from: string;
  to: string;
  all?: boolean;
  expect: 'Never' | 'Sometimes' | 'Always';
  why: string;
}

const mutations: Mutation[] = [
  { file: 'kernel/MP+fencewmbonceonce+fencermbonceonce.litmus', from: 'smp_rmb();', to: '', expect: 'Sometimes', why: 'the reader\'s loads are no longer ordered' },
  { file: 'kernel/MP+fencewmbonceonce+fencermbonceonce.litmus', from: 'smp_wmb();', to: '', expect: 'Sometimes', why: 'the writer\'s stores may propagate out of order' },
  { file: 'kernel/SB+fencembonceonces.litmus', from: 'smp_mb();', to: '', expect: 'Sometimes', why: 'store buffering needs a full barrier on both sides' },
  { file: 'kernel/SB+fencembonceonces.litmus', from: 'smp_mb();', to: 'smp_wmb();', all: true, expect: 'Sometimes', why: 'smp_wmb() does not order a store before a load' },
  { file: 'kernel/LB+fencembonceonce+ctrlonceonce.litmus', from: 'smp_mb();', to: '', expect: 'Sometimes', why: 'one side of load buffering is unordered' },
  { file: 'kernel/IRIW+fencembonceonces+OnceOnce.litmus', from: 'smp_mb();', to: 'smp_rmb();', all: true, expect: 'Sometimes', why: 'LKMM is not multicopy-atomic: read-read ordering alone does not forbid IRIW' },
  { file: 'kernel/MP+pooncerelease+poacquireonce.litmus', from: 'smp_load_acquire(flag)', to: 'READ_ONCE(*flag)', expect: 'Sometimes', why: 'without acquire the reader\'s loads may be reordered' },
  { file: 'kernel/MP+pooncerelease+poacquireonce.litmus', from: 'smp_store_release(flag, 1)', to: 'WRITE_ONCE(*flag, 1)', expect: 'Sometimes', why: 'without release the writer\'s stores may be reordered' },
  { file: 'kernel-doc/rcu/RCU+sync+read.litmus', from: 'synchronize_rcu();', to: '', expect: 'Sometimes', why: 'no grace period separates the reader\'s loads from the writer' },
  { file: 'kernel-doc/rcu/RCU+sync+read.litmus', from: 'synchronize_rcu();', to: 'smp_mb();', expect: 'Sometimes', why: 'a full barrier alone cannot order two stores seen by an unordered reader' },
  {
    file: 'kernel/MP+poonceonces.litmus',
    from: 'r0 = READ_ONCE(*flag);\n\tr1 = READ_ONCE(*buf);',
    to: 'r1 = READ_ONCE(*buf);\n\tr0 = READ_ONCE(*flag);',
    expect: 'Sometimes',
    why: 'reading the data before the flag: even SC allows the outcome',
  },
  {
    file: 'kernel/MP+polocks.litmus',
    from: 'spin_lock(mylock);\n\tr0 = READ_ONCE(*flag);\n\tspin_unlock(mylock);',
    to: 'r0 = READ_ONCE(*flag);',
    expect: 'Sometimes',
    why: 'a consumer that does not take the lock has nothing ordering its two loads',
  },
  {
    file: 'kernel/MP+polocks.litmus',
    from: 'spin_unlock(mylock);\n\tr1',
    to: 'r1',
    expect: 'Never',
    why: 'the consumer keeping the lock over its data load still sees the producer\'s store: its lock came after the producer\'s unlock',
  },
];

describe.skipIf(!HAVE_SHARED)('mutated litmus tests (lkmm)', () => {
  afterAll(shutdownZ3);
  const model = loadModel('lkmm');
  for (const m of mutations) {
    it(`${m.file}: '${m.from.split('\n')[0]}' -> '${m.to.split('\n')[0]}' is ${m.expect} (${m.why})`, async () => {
      const original = readFileSync(join(SHARED_LITMUS, m.file), 'utf8');
      expect(original).toContain(m.from);
      const text = m.all ? original.split(m.from).join(m.to) : original.replace(m.from, m.to);
      const program = parseLitmus(text, `mutated-${m.file}`);
      const r = await verifyProgram(program, { model, unroll: 4 });
      expect(r.verdict).toBe(m.expect);
      if (r.verdict !== 'Never') expect(r.witness).toBeDefined();
      const oracle = enumerateExecutions(program, model, { unroll: 4, limit: 5000 });
      expect([r.positive, r.negative]).toEqual([oracle.positive, oracle.negative]);
    });
  }
});
