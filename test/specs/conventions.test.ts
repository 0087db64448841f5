// The conventions of the mm scenario library, checked without solving (the
// verdicts themselves are the `memorder ci specs` step of `npm test`, which
// checks every model x variant against its `expect`): every spec's fixed
// variant expects Never under LKMM, and every historical variant (one that
// names a commit) expects Sometimes under LKMM.
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../src/batch/files.js';
import { readScenario } from '../../src/scenario/spec.js';
import { ScenarioProject } from '../../src/scenario/project.js';

describe('specs/mm conventions', async () => {
  const project = await ScenarioProject.create();
  const specs = findFiles(['specs/mm'], ['.spec.ts']);

  it('has scenarios', () => expect(specs.length).toBeGreaterThanOrEqual(5));

  for (const file of specs) {
    it(file, () => {
      const spec = readScenario(project, file);
      const lkmm = (v: (typeof spec.variants)[number]) => v.expect.find((e) => e.model === 'lkmm')?.verdict;
      const fixed = spec.variants.find((v) => v.name === 'fixed')!;
      expect(lkmm(fixed), 'fixed under lkmm').toBe('Never');
      for (const v of spec.variants.filter((x) => x.name !== 'fixed' && x.commit)) expect(lkmm(v), `${v.name} (${v.commit}) under lkmm`).toBe('Sometimes');
    });
  }
});
