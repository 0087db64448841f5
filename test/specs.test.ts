// The bundled litmus tests of specs/: each states its expected verdict in a
// `Result:` line (kernel style), optionally followed by DATARACE.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { findFiles } from '../src/check/files.js';
import { loadModel } from '../src/check/models.js';
import { verifyFile } from '../src/check/run.js';
import { shutdownZ3 } from '../src/smt/z3.js';

describe('specs/litmus expectations (lkmm)', () => {
  afterAll(shutdownZ3);
  const model = loadModel('lkmm');
  for (const file of findFiles(['specs/litmus'], ['.litmus'])) {
    it(file, async () => {
      const m = /Result:\s*(Never|Sometimes|Always)(\s+DATARACE)?/.exec(readFileSync(file, 'utf8'));
      expect(m, 'a Result: line').not.toBeNull();
      const r = await verifyFile(file, { model, unroll: 4 });
      expect(r.verdict).toBe(m![1]);
      expect(r.flags.includes('data-race')).toBe(Boolean(m![2]));
    });
  }
});
