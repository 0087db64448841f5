// The lazy engine against the eager one as a differential oracle: the same
// verdicts, final states, flags and witnesses on specs/litmus and the
// compatibility suite of ../shared/litmus; and the model analysis the lazy
// engine's reasons rely on.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFiles } from '../../../src/batch/files.js';
import { verifyFile } from '../../../src/check/run.js';
import { ProgramEncoding } from '../../../src/engine/encoding.js';
import { analyseModel } from '../../../src/engine/lazy/monotone.js';
import { loadInclude, loadModel } from '../../../src/engine/models.js';
import { parseCat } from '../../../src/cat/parser.js';
import { readProgram } from '../../../src/check/run.js';
import { shutdownZ3 } from '../../../src/smt/z3.js';
import { HAVE_SHARED, SHARED_LITMUS, sharedSuiteFiles } from '../../shared-litmus.js';

afterAll(async () => {
  await shutdownZ3();
});

const shape = (text: string) => {
  const cat = parseCat(text, 'test.cat');
  return analyseModel(cat, [], loadInclude);
};

describe('model analysis', () => {
  it('finds the built-in models monotone in rf', () => {
    for (const name of ['lkmm', 'sc', 'x86', 'armv8']) {
      const m = loadModel(name);
      expect(analyseModel(m.cat, m.prelude, loadInclude), name).toEqual({ monotone: true, choices: false });
    }
  });
  it('sees rf under a difference or a complement, and negated axioms', () => {
    expect(shape('acyclic po | rf as a').monotone).toBe(true);
    expect(shape('acyclic po \\ rf as a').monotone).toBe(false);
    expect(shape('let r = rf ; po\nacyclic po \\ r as a').monotone).toBe(false);
    expect(shape('acyclic ~(rf^-1) as a').monotone).toBe(false);
    expect(shape('~empty rf as a').monotone).toBe(false);
    // A flag does not decide consistency.
    expect(shape('flag ~empty po \\ rf as f\nacyclic po as a').monotone).toBe(true);
    // Through functions and fixpoints.
    expect(shape('let f(x) = po \\ x\nacyclic f(rf) as a').monotone).toBe(false);
    expect(shape('let f(x) = po \\ x\nacyclic f(co) | rf as a').monotone).toBe(true);
    expect(shape('let rec r = rf | (r ; po)\nacyclic r as a').monotone).toBe(true);
    expect(shape('let rec r = po \\ s and s = rf | r\nacyclic r as a').monotone).toBe(false);
  });
  it('notes models that choose values', () => {
    expect(shape('with x from {po}\nacyclic x as a').choices).toBe(true);
  });
});

const files = [...findFiles(['specs/litmus'], ['.litmus']), ...(HAVE_SHARED ? sharedSuiteFiles().map((f) => join(SHARED_LITMUS, f)) : [])];

describe('lazy and eager engines agree', () => {
  const cases: [string, string][] = [
    ...files.map((f): [string, string] => ['lkmm', f]),
    ...findFiles(['specs/litmus'], ['.litmus']).map((f): [string, string] => ['sc', f]),
  ];
  for (const [name, file] of cases) {
    it(`${name}: ${file}`, async () => {
      const model = loadModel(name);
      const eager = await verifyFile(file, { model, unroll: 4, engine: 'eager' });
      const lazy = await verifyFile(file, { model, unroll: 4, engine: 'lazy' });
      expect(lazy.verdict).toBe(eager.verdict);
      expect(lazy.reason).toBe(eager.reason);
      expect(lazy.states).toEqual(eager.states);
      expect([lazy.positive, lazy.negative]).toEqual([eager.positive, eager.negative]);
      expect(lazy.flags).toEqual(eager.flags);
      expect(lazy.witness !== undefined).toBe(eager.witness !== undefined);
      if (lazy.witness) expect(lazy.witness.state).toEqual(lazy.states.find((s) => JSON.stringify(s) === JSON.stringify(lazy.witness!.state)));
    });
  }
});

describe('lazy engine', () => {
  it('learns clauses from violations and asserts no axiom', async () => {
    const file = findFiles(['specs/litmus/fences'], ['.litmus'])[0]!;
    const model = loadModel('lkmm');
    const enc = await ProgramEncoding.create(readProgram(file), { model, unroll: 4, engine: 'lazy' });
    if (!(enc instanceof ProgramEncoding)) throw new Error(enc.unsupported);
    expect(enc.theory).toBeDefined();
    const r = await enc.check([...enc.sane, enc.condition]);
    expect(['sat', 'unsat']).toContain(r);
    expect(enc.theory!.stats.candidates).toBeGreaterThan(0);
    enc.dispose();
  });
});
