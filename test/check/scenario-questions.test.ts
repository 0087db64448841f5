// Barrier questions on a TypeScript scenario: the GUP-fast vs
// PageAnonExclusive spec (088b8aa537c2), whose four barriers the kernel
// pairs as store buffering (the pin vs the pin check) and message passing
// (PageAnonExclusive vs the restored PTE).
import { afterAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/check/explain.js';
import { loadModel } from '../../src/engine/models.js';
import { analyseBarriers } from '../../src/check/necessity.js';
import { checkPairs } from '../../src/check/pairs.js';
import { readQuestionProgram } from '../../src/check/run.js';
import { declaredPartners } from '../../src/check/spec.js';
import { barriersOf } from '../../src/program/barriers.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const SPEC = 'specs/mm/gup-fast-vs-anon-exclusive.spec.ts';
const opts = { model: loadModel('lkmm'), unroll: 4 };

describe('barrier questions on a scenario spec', () => {
  afterAll(shutdownZ3);

  it('barriers: the four annotated barriers are necessary, and together the only minimal set', async () => {
    const r = await analyseBarriers(await readQuestionProgram(SPEC), opts);
    expect(r.forbidden).toBe(true);
    expect(r.barriers.filter((b) => b.necessary).map((b) => b.id).sort()).toEqual(['gup.pin', 'gup.unshare', 'rmap.share', 'rmap.share-exclusive']);
    expect(r.minimalSets).toEqual([['gup.pin', 'gup.unshare', 'rmap.share', 'rmap.share-exclusive']]);
    const pin = r.barriers.find((b) => b.id === 'gup.pin')!;
    expect(pin.witnessIfDropped!.events.some((e) => e.pos?.fn === 'tryGrabFolioFast')).toBe(true);
  }, 300_000);

  it('explain: the smp_mb pair on the initial PTE, smp_mb__after_atomic/smp_rmb on the restored PTE', async () => {
    const r = await explain(await readQuestionProgram(SPEC), opts);
    expect(r.paths.map((p) => [p.reads, p.minimalSets])).toEqual([
      [["gup R pte (ptep_get, specs/mm/pgtable.ts:34) from ksm's W (set_pte_at, specs/mm/pgtable.ts:39)"], [['gup.unshare', 'rmap.share-exclusive']]],
      [['gup R pte (ptep_get, specs/mm/pgtable.ts:34) from the initial value'], [['gup.pin', 'rmap.share']]],
    ]);
    expect(r.paths[1]!.cycle).toContain('-[smp_mb__after_atomic]-> R pte=1 -fre-> ksm W pte=0 -[smp_mb]->');
    // The pairs the proof uses are exactly the declared ones.
    const program = await readQuestionProgram(SPEC);
    const pairing = checkPairs(r, barriersOf(program), await declaredPartners(SPEC));
    expect(pairing.used).toEqual([
      ['gup.pin', 'rmap.share'],
      ['gup.unshare', 'rmap.share-exclusive'],
    ]);
    expect([pairing.unneeded, pairing.undeclared]).toEqual([[], []]);
    expect(pairing.unpaired).toContain('gup.try-get');
  }, 300_000);

  it('names a variant, and rejects one that does not exist', async () => {
    const before = await readQuestionProgram(SPEC, 'before-088b8aa537c2');
    const r = await analyseBarriers(before, opts);
    expect(r.forbidden).toBe(false);
    await expect(readQuestionProgram(SPEC, 'nosuch')).rejects.toThrow("no variant 'nosuch' (variants: fixed, before-088b8aa537c2, no-rmb-in-gup-must-unshare)");
  }, 300_000);
});
