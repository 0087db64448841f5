// Program edits by barrier id: what variants and what-if queries are made of.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { barriersOf } from '../../src/program/barriers.js';
import { applyEdits, dropBarrier, weakenBarrier } from '../../src/program/edit.js';
import type { Program, Stmt } from '../../src/program/ir.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const MP = `C MP
{}
P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_wmb();
	smp_store_release(y, 1);
}
P1(int *x, int *y)
{
	int r0;
	int r1;
	r0 = smp_load_acquire(y);
	smp_rmb();
	r1 = READ_ONCE(*x);
}
exists (1:r0=1 /\\ 1:r1=0)
`;

const at = { file: 'edits', line: 1, col: 1 };

/** MP with ids on its four ordering primitives: P0:wmb, P0:release, P1:acquire, P1:rmb. */
function labelled(): Program {
  const p = parseLitmus(MP, 'mp.litmus');
  const [w, wmb, rel] = p.threads[0]!.body as Stmt[];
  void w;
  (wmb as { barrier?: string }).barrier = 'P0:wmb';
  (rel as { barrier?: string }).barrier = 'P0:release';
  const [acq, rmb] = p.threads[1]!.body as Stmt[];
  ((acq as Extract<Stmt, { kind: 'assign' }>).value as { barrier?: string }).barrier = 'P1:acquire';
  (rmb as { barrier?: string }).barrier = 'P1:rmb';
  return p;
}

describe('program edits', () => {
  afterAll(shutdownZ3);
  const lkmm = loadModel('lkmm');

  const kinds = (p: Program) => barriersOf(structuredClone(p)).map((b) => `${b.id} ${b.class} ${b.kind}`);

  it('keeps the ids a front end gave', () => {
    expect(kinds(labelled())).toEqual(['P0:wmb fence wmb', 'P0:release store release', 'P1:acquire load acquire', 'P1:rmb fence rmb']);
  });

  it('drops a fence, relaxes an access, and leaves the original alone', () => {
    const p = labelled();
    const q = dropBarrier(dropBarrier(p, 'P1:rmb', at), 'P0:release', at);
    expect(kinds(q)).toEqual(['P0:wmb fence wmb', 'P1:acquire load acquire']);
    expect(q.threads[0]!.body[2]).toMatchObject({ kind: 'store', tag: 'once' });
    expect(q.threads[1]!.body.some((s) => s.kind === 'fence')).toBe(false);
    expect(kinds(p)).toHaveLength(4);
  });

  it('weakens a fence to another fence and an acquire to once', () => {
    const q = applyEdits(labelled(), [
      { kind: 'weaken', barrier: 'P0:wmb', to: 'smp_rmb', pos: at },
      { kind: 'weaken', barrier: 'P1:acquire', to: 'relaxed', pos: at },
    ]);
    expect(kinds(q)).toEqual(['P0:wmb fence rmb', 'P0:release store release', 'P1:rmb fence rmb']);
  });

  it('names a barrier by thread and line too', () => {
    expect(kinds(dropBarrier(labelled(), 'P1:14', at))).toEqual(['P0:wmb fence wmb', 'P0:release store release', 'P1:acquire load acquire']);
  });

  it('rejects unknown ids and impossible weakenings as bad input', () => {
    expect(() => dropBarrier(labelled(), 'P2:mb', at)).toThrow("edits:1:1: no barrier 'P2:mb' (known: P0:wmb, P0:release, P1:acquire, P1:rmb)");
    expect(() => weakenBarrier(labelled(), 'P0:wmb', 'once', at)).toThrow("'once' is not a kind for P0:wmb (a fence)");
    expect(() => weakenBarrier(labelled(), 'P1:acquire', 'release', at)).toThrow("'release' is not a kind for P1:acquire (a load)");
  });

  it('changes the verdict as the memory model says', async () => {
    const base = labelled();
    expect((await verifyProgram(base, { model: lkmm, unroll: 4 })).verdict).toBe('Never');
    // Without the release (and with the wmb gone too) the writes may reorder.
    const noRelease = applyEdits(base, [
      { kind: 'drop', barrier: 'P0:release', pos: at },
      { kind: 'drop', barrier: 'P0:wmb', pos: at },
    ]);
    expect((await verifyProgram(noRelease, { model: lkmm, unroll: 4 })).verdict).toBe('Sometimes');
    // The wmb alone still orders the writes; the acquire orders the reads.
    expect((await verifyProgram(dropBarrier(base, 'P0:release', at), { model: lkmm, unroll: 4 })).verdict).toBe('Never');
  });
});
