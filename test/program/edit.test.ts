// Program edits by barrier id: what variants and what-if queries are made of.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/check/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { applyEdits, barrierIds, barrierSites, dropBarrier, parseStrength, weakenBarrier } from '../../src/program/edit.js';
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

  it('lists the barrier sites with their construct and ordering', () => {
    expect(barrierSites(labelled()).map((s) => `${s.thread} ${s.barrier} ${s.construct} ${s.ordering}`)).toEqual([
      '0 P0:wmb fence wmb',
      '0 P0:release store release',
      '1 P1:acquire load acquire',
      '1 P1:rmb fence rmb',
    ]);
  });

  it('drops a fence, relaxes an access, and leaves the original alone', () => {
    const p = labelled();
    const q = dropBarrier(dropBarrier(p, 'P1:rmb', at), 'P0:release', at);
    // A relaxed access keeps its id (a later edit may name it again).
    expect(barrierIds(q)).toEqual(['P0:wmb', 'P0:release', 'P1:acquire']);
    expect(q.threads[0]!.body[2]).toMatchObject({ kind: 'store', tag: 'once', barrier: 'P0:release' });
    expect(barrierIds(p)).toEqual(['P0:wmb', 'P0:release', 'P1:acquire', 'P1:rmb']);
  });

  it('weakens a fence to another fence and an acquire to once', () => {
    const q = applyEdits(labelled(), [
      { kind: 'weaken', barrier: 'P0:wmb', to: parseStrength('smp_rmb', at), pos: at },
      { kind: 'weaken', barrier: 'P1:acquire', to: parseStrength('relaxed', at), pos: at },
    ]);
    expect(barrierSites(q).map((s) => `${s.barrier} ${s.ordering}`)).toEqual(['P0:wmb rmb', 'P0:release release', 'P1:acquire once', 'P1:rmb rmb']);
  });

  it('rejects unknown ids and impossible weakenings as bad input', () => {
    expect(() => dropBarrier(labelled(), 'P2:mb', at)).toThrow("edits:1:1: no barrier 'P2:mb' in this program (barrier ids: P0:wmb, P0:release, P1:acquire, P1:rmb)");
    expect(() => weakenBarrier(labelled(), 'P0:wmb', parseStrength('once', at), at)).toThrow("cannot weaken barrier 'P0:wmb' to 'once': it is a fence");
    expect(() => weakenBarrier(labelled(), 'P1:acquire', parseStrength('release', at), at)).toThrow("a load can be once, plain, acquire");
    expect(() => parseStrength('smp_frob', at)).toThrow(/unknown barrier strength 'smp_frob'/);
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
