// What-if queries on one encoding: dropping, weakening and adding barriers
// changes the verdict the way the models say, with a replayed witness.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { readProgram } from '../../src/check/run.js';
import { whatIf } from '../../src/check/whatif.js';
import { barriersOf } from '../../src/program/barriers.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const opts = (model = 'lkmm') => ({ model: loadModel(model), unroll: 4 });
const none = { drop: [], weaken: [], add: [] };

describe('what-if', () => {
  afterAll(shutdownZ3);

  it('names each barrier by thread, primitive and occurrence', () => {
    const mp = barriersOf(readProgram('specs/litmus/fences/MP+wmb+rmb.litmus'));
    expect(mp.map((b) => [b.id, b.class, b.kind, b.pos.line])).toEqual([
      ['P0:smp_wmb#1', 'fence', 'wmb', 15],
      ['P1:smp_rmb#1', 'fence', 'rmb', 25],
    ]);
  });

  it('dropping smp_rmb from MP makes the outcome reachable, with the witness', async () => {
    const r = await whatIf(readProgram('specs/litmus/fences/MP+wmb+rmb.litmus'), { ...none, drop: ['P1:smp_rmb#1'] }, opts());
    expect([r.before, r.verdict]).toEqual(['Never', 'Sometimes']);
    expect(r.changes).toEqual(['P1:smp_rmb#1 dropped']);
    expect(r.witness!.state).toMatchObject({ '1:r0': 1, '1:r1': 0 });
    expect(r.witness!.events.some((e) => e.label === 'smp_rmb')).toBe(false);
  });

  it('dropping a release store leaves it READ_ONCE-like (Once), as a drop edit does, not a plain store', async () => {
    const r = await whatIf(readProgram('specs/litmus/atomic/MP+atomic_set_release+atomic_read_acquire.litmus'), { ...none, drop: ['P0:atomic_set_release#1'] }, opts());
    expect([r.before, r.verdict]).toEqual(['Never', 'Sometimes']);
    const store = r.witness!.events.find((e) => e.label === 'atomic_set_release')!;
    expect(store.tags).toContain('Once');
    expect(store.tags).not.toContain('Release');
  });

  it('names a barrier by its line, and weakens smp_mb to smp_wmb (not enough for store buffering)', async () => {
    const r = await whatIf(readProgram('specs/litmus/arch/SB+mbs.litmus'), { ...none, weaken: ['P0:17=smp_wmb'] }, opts());
    expect(r.changes).toEqual(['P0:smp_mb#1 as smp_wmb']);
    expect([r.before, r.verdict]).toEqual(['Never', 'Sometimes']);
    const x86 = await whatIf(readProgram('specs/litmus/arch/SB+mbs.litmus'), { ...none, weaken: ['P0:smp_mb#1=wmb'] }, opts('x86'));
    expect(x86.verdict).toBe('Sometimes');
  });

  it('adding smp_wmb and smp_rmb to MP forbids it under LKMM and arm64', async () => {
    const edits = { ...none, add: ['P0:16=smp_wmb', 'P1:25=smp_rmb'] };
    for (const model of ['lkmm', 'armv8']) {
      const r = await whatIf(readProgram('specs/litmus/arch/MP.litmus'), edits, opts(model));
      expect([model, r.before, r.verdict]).toEqual([model, 'Sometimes', 'Never']);
      expect(r.witness).toBeUndefined();
    }
  });

  it('weakening a release store to WRITE_ONCE re-allows message passing', async () => {
    const r = await whatIf(readProgram('specs/litmus/atomic/MP+atomic_set_release+atomic_read_acquire.litmus'), { ...none, weaken: ['P0:atomic_set_release#1=once'] }, opts());
    expect([r.before, r.verdict]).toEqual(['Never', 'Sometimes']);
  });

  it('rejects unknown barriers and kinds with the known ones listed', async () => {
    const p = readProgram('specs/litmus/fences/MP+wmb+rmb.litmus');
    await expect(whatIf(p, { ...none, drop: ['P3:smp_mb#1'] }, opts())).rejects.toThrow("no barrier 'P3:smp_mb#1' (known: P0:smp_wmb#1, P1:smp_rmb#1)");
    await expect(whatIf(p, { ...none, weaken: ['P0:smp_wmb#1=acquire'] }, opts())).rejects.toThrow("'acquire' is not a kind for P0:smp_wmb#1 (a fence)");
    await expect(whatIf(p, { ...none, add: ['P1:99=smp_mb'] }, opts())).rejects.toThrow('no statement of P1 starts on line 99');
  });
});
