// The SMT path against the brute-force enumerator (src/engine/enumerate.ts)
// on every test small enough to enumerate: same final states, same verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enumerateExecutions } from '../../src/engine/enumerate.js';
import { findFiles } from '../../src/batch/files.js';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

const canon = (states: object[]) => states.map((s) => JSON.stringify(Object.entries(s).sort())).sort();

const files = [
  ...findFiles(['specs/litmus'], ['.litmus']),
  ...(HAVE_SHARED ? findFiles([join(SHARED_LITMUS, 'kernel'), join(SHARED_LITMUS, 'kernel-doc')], ['.litmus']) : []),
];

const skipped: string[] = [];

describe('SMT verdicts agree with brute-force enumeration', () => {
  afterAll(async () => {
    await shutdownZ3();
    // The oracle must have covered a real share of the tests.
    expect(skipped.length).toBeLessThan(files.length);
  });
  for (const model of ['lkmm', 'sc', 'x86', 'armv8']) {
    const loaded = loadModel(model);
    for (const file of files) {
      it(`${model}: ${file}`, async () => {
        const program = parseLitmus(readFileSync(file, 'utf8'), file);
        let oracle;
        try {
          oracle = enumerateExecutions(program, loaded, { unroll: 4, limit: 1500 });
        } catch (e) {
          if (String(e).includes('enumeration too large')) return void skipped.push(file); // out of the oracle's reach
          if (String(e).includes('not modelled')) return; // e.g. RCU under an architecture model
          throw e;
        }
        const r = await verifyProgram(program, { model: loaded, unroll: 4 });
        expect(canon(r.states)).toEqual(canon(oracle.states));
        expect([r.positive, r.negative]).toEqual([oracle.positive, oracle.negative]);
      });
    }
  }
});
