// The yardstick: herd7's verdict and set of final states on every test of
// ../shared/litmus, under memorder's own encodings/lkmm.cat.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyFile } from '../../src/check/run.js';
import { parseHerdOutput } from '../../src/batch/herd-output.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { expectedRows, HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

const canon = (states: object[]) => states.map((s) => JSON.stringify(Object.entries(s).sort())).sort();

describe.skipIf(!HAVE_SHARED)('herd7 compatibility (lkmm)', () => {
  afterAll(shutdownZ3);
  const rows = expectedRows();
  it('has the 91 tests of expected.tsv', () => {
    expect(rows.length).toBe(91);
  });
  const model = loadModel('lkmm');
  for (const row of rows) {
    it(row.file, async () => {
      const file = join(SHARED_LITMUS, row.file);
      const herd = parseHerdOutput(readFileSync(`${file}.expected`, 'utf8'));
      const r = await verifyFile(file, { model, unroll: 4 });
      expect(r.verdict).toBe(row.verdict);
      expect(r.states.length).toBe(row.states);
      expect(canon(r.states)).toEqual(canon(herd.states));
      expect(r.flags).toEqual(herd.flags);
      if (r.verdict !== 'Never') expect(r.witness).toBeDefined();
    });
  }
});
