// The variant names of spec files, read from the syntax before compiling
// (verify's column widths).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredVariantNames } from '../../src/scenario/variant-names.js';
import { MP_LIB, mpSpec, scenarioDir } from './helpers.js';

describe('declaredVariantNames', () => {
  it('lists fixed and the keys of variants, quoted or not, over several files', async () => {
    const extra = "\n    plain: { drop: ['mp.publish'], expect: { lkmm: 'Sometimes' } },";
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'a.spec.ts': mpSpec(extra), 'b.spec.ts': mpSpec() });
    expect(await declaredVariantNames([join(dir, 'a.spec.ts'), join(dir, 'b.spec.ts')])).toEqual(['fixed', 'no-rmb', 'plain', 'no-rmb']);
  });

  it('gives nothing for files it cannot read or that have no scenario call', async () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB });
    expect(await declaredVariantNames([])).toEqual([]);
    expect(await declaredVariantNames([join(dir, 'missing.spec.ts'), join(dir, 'lib.ts')])).toEqual(['fixed']);
  });

  it('reads the real specs: the variants checkSpecFile names', async () => {
    const names = await declaredVariantNames(['specs/mm/gup-fast-vs-anon-exclusive.spec.ts']);
    expect(names).toEqual(['fixed', 'before-088b8aa537c2', 'no-rmb-in-gup-must-unshare']);
  });
});
