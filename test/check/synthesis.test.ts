// `fix` returns the textbook placements, optimal by construction; each
// placement, applied to the source, verifies as Never, and dropping any
// one of its barriers makes the outcome reachable again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENCODINGS_DIR, loadModel } from '../../src/engine/models.js';
import { fixProgram, loadCosts, applyPlacement, type Placement } from '../../src/check/synthesis.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const COSTS = join(ENCODINGS_DIR, 'costs.txt');

async function fix(name: string, model: string) {
  const file = `specs/litmus/arch/${name}.litmus`;
  const source = readFileSync(file, 'utf8');
  const loaded = loadModel(model);
  const r = await fixProgram(parseLitmus(source, file), { model: loaded, unroll: 4, costs: loadCosts(COSTS, model) });
  return { r, source, file, loaded };
}

const show = (p: Placement[]) => p.map((x) => `P${x.thread}:${x.spelled}`).sort();

// The placements textbooks give (costs of encodings/costs.txt).
const textbook: [test: string, model: string, placement: string[], cost: number][] = [
  ['MP', 'lkmm', ['P0:smp_wmb', 'P1:smp_rmb'], 4],
  ['MP', 'x86', [], 0],
  ['MP', 'armv8', ['P0:smp_store_release', 'P1:smp_load_acquire'], 6],
  ['SB', 'lkmm', ['P0:smp_mb', 'P1:smp_mb'], 20],
  ['SB', 'x86', ['P0:smp_mb', 'P1:smp_mb'], 20],
  ['LB', 'lkmm', ['P0:smp_load_acquire', 'P1:smp_store_release'], 6],
  ['LB', 'x86', [], 0],
  ['WRC', 'lkmm', ['P1:smp_store_release', 'P2:smp_rmb'], 5],
  ['IRIW+rmbs', 'lkmm', [], -1],
  ['ISA2', 'lkmm', ['P0:smp_wmb', 'P1:smp_store_release', 'P2:smp_rmb'], 7],
  ['R', 'lkmm', ['P0:smp_mb', 'P1:smp_mb'], 20],
  ['R', 'x86', ['P1:smp_mb'], 10],
  ['Z6.0', 'lkmm', ['P0:smp_wmb', 'P1:smp_mb', 'P2:smp_mb'], 22],
  ['Z6.0', 'x86', ['P2:smp_mb'], 10],
];

describe('fix', () => {
  afterAll(shutdownZ3);

  for (const [test, model, expected, cost] of textbook) {
    if (cost < 0) continue;
    it(`${test} under ${model}: ${expected.join(' + ') || 'nothing'} (cost ${cost})`, async () => {
      const { r, source, file, loaded } = await fix(test, model);
      const placements = [r.placement!, ...r.alternatives];
      expect(r.cost).toBe(cost);
      expect(placements.map(show)).toContainEqual(expected);
      expect(r.needed).toBe(cost > 0);
      for (const p of placements) {
        expect(p.reduce((s, x) => s + x.cost, 0)).toBe(cost);
        // The fixed source forbids the outcome...
        const fixed = await verifyProgram(parseLitmus(applyPlacement(source, p), file), { model: loaded, unroll: 4 });
        expect(fixed.verdict).toBe('Never');
        // ...and every barrier of the placement is needed.
        for (const x of p) {
          const less = await verifyProgram(parseLitmus(applyPlacement(source, p.filter((y) => y !== x)), file), { model: loaded, unroll: 4 });
          expect(less.verdict, `without ${x.spelled} at P${x.thread} line ${x.line}`).toBe('Sometimes');
        }
      }
      if (cost > 0) expect(r.counterexamples).toBeGreaterThan(0);
    });
  }

  it('IRIW with smp_rmb needs full barriers under the LKMM (not multi-copy atomic), nothing on x86', async () => {
    const lkmm = await fix('IRIW+rmbs', 'lkmm');
    expect(show(lkmm.r.placement!)).toEqual(['P1:smp_mb', 'P3:smp_mb']);
    const x86 = await fix('IRIW+rmbs', 'x86');
    expect(x86.r.needed).toBe(false);
  });

  it('says so when nothing is needed, and reads a cost table', async () => {
    const { r } = await fix('SB+mbs', 'lkmm');
    expect([r.verdict, r.needed, r.placement]).toEqual(['Never', false, []]);
    expect(() => loadCosts(COSTS, 'nosuch')).toThrow("no cost column for model 'nosuch'");
  });
});
