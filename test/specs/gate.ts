// The spec gate: every model × variant of a scenario spec matches its
// expectation, fixed variants are Never under LKMM, and historical variants
// (those naming a commit) are Sometimes with a witness in TypeScript terms.
import { afterAll, describe, expect, it } from 'vitest';
import { checkSpecFile } from '../../src/check/spec.js';
import { builtinModels } from '../../src/check/models.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

/** Every built-in model: the expectations of a spec name some of them. */
export const GATE_MODELS = builtinModels();

/** A spec's rows take tens of seconds each on one core: well past vitest's default test timeout. */
const SPEC_TIMEOUT_MS = 600_000;

export function specGate(files: string[]): void {
  describe(`spec gate (${GATE_MODELS.join(', ')})`, () => {
    afterAll(shutdownZ3);
    for (const file of files) {
      it(file, async () => {
        const r = await checkSpecFile(file, { models: GATE_MODELS });
        const mismatches = r.rows.filter((row) => !row.match).map((row) => `${row.model} ${row.variant}: ${row.verdict} (expected ${row.expected}) ${row.reason ?? ''}`);
        expect(mismatches).toEqual([]);
        const lkmm = r.rows.filter((row) => row.model === 'lkmm');
        expect(lkmm.find((row) => row.variant === 'fixed')?.verdict).toBe('Never');
        const historical = lkmm.filter((row) => row.variant !== 'fixed' && row.commit);
        for (const row of historical) {
          expect(row.verdict, row.variant).toBe('Sometimes');
          const events = row.witness!.events.filter((e) => e.thread >= 0);
          expect(events.length).toBeGreaterThan(0);
          for (const e of events) {
            expect(e.pos!.file).toMatch(/^specs\/mm\/[a-z_]+\.ts$/);
            expect(e.pos!.fn).toBeTruthy();
          }
        }
      }, SPEC_TIMEOUT_MS);
    }
  });
}
