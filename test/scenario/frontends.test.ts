// The two front ends agree: each hand-written litmus test of specs/mm/litmus
// (`NAME.litmus` for the fixed variant, `NAME+VARIANT.litmus` for another)
// gets the same LKMM verdict as the scenario spec's variant.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyFile } from '../../src/check/run.js';
import { specPrograms } from '../../src/check/spec.js';
import { verifyProgram } from '../../src/check/verify.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const DIR = 'specs/mm/litmus';

describe('TypeScript scenarios and hand-written litmus tests agree (lkmm)', () => {
  afterAll(shutdownZ3);
  const model = loadModel('lkmm');
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('.litmus')).sort()) {
    const [scenario, variant = 'fixed'] = basename(name, '.litmus').split('+');
    it(`${name} ~ specs/mm/${scenario}.spec.ts [${variant}]`, async () => {
      const litmusFile = join(DIR, name);
      const expected = /Result:\s*(Never|Sometimes|Always)/.exec(readFileSync(litmusFile, 'utf8'))![1];
      const litmus = await verifyFile(litmusFile, { model, unroll: 4 });
      const program = (await specPrograms(`specs/mm/${scenario}.spec.ts`)).get(variant!);
      expect(program, `variant ${variant}`).toBeDefined();
      const ts = await verifyProgram(program!, { model, unroll: 4 });
      expect(litmus.verdict).toBe(expected);
      expect(ts.verdict).toBe(litmus.verdict);
    }, 300_000);
  }
});
