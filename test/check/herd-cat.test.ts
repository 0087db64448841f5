// herd7 compatibility of the herd flavour: the kernel's own model files
// (linux-kernel.cat, .bell, .def, lock.cat, read through linux-kernel.cfg),
// given by path in LKMM_CAT_DIR, on every test of ../shared/litmus, against
// herd7's verdicts and final states. The kernel files are GPL test inputs:
// they are never part of the project, so without LKMM_CAT_DIR this is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, readHerdConfig } from '../../src/check/models.js';
import { verifyFile } from '../../src/check/run.js';
import { parseHerdOutput } from '../../src/litmus/herd-output.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { expectedRows, HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

const DIR = process.env.LKMM_CAT_DIR;
const CFG = DIR ? join(DIR, 'linux-kernel.cfg') : undefined;
const HAVE_KERNEL_FILES = CFG !== undefined && existsSync(CFG);
if (!DIR) console.warn('skipping the herd-flavour compatibility tests: set LKMM_CAT_DIR to the folder of the kernel\'s linux-kernel.cfg');
else if (!HAVE_KERNEL_FILES) console.warn(`skipping the herd-flavour compatibility tests: no linux-kernel.cfg in LKMM_CAT_DIR=${DIR}`);

const canon = (states: object[]) => states.map((s) => JSON.stringify(Object.entries(s).sort())).sort();

describe.skipIf(!HAVE_SHARED || !HAVE_KERNEL_FILES)('herd7 compatibility (the kernel\'s model files)', () => {
  afterAll(shutdownZ3);
  const rows = expectedRows();
  const model = HAVE_KERNEL_FILES ? loadModel(readHerdConfig(CFG!)) : undefined;

  it('reads the herd configuration: model, bell, macros, variant', () => {
    const spec = readHerdConfig(CFG!);
    expect(spec.cat).toBe(join(DIR!, 'linux-kernel.cat'));
    expect(spec.bell).toBe(join(DIR!, 'linux-kernel.bell'));
    expect(spec.def).toBe(join(DIR!, 'linux-kernel.def'));
    expect(model!.herd).toBeDefined();
    expect(model!.name).toBe('linux-kernel.cat');
  });

  for (const row of rows) {
    it(row.file, async () => {
      const file = join(SHARED_LITMUS, row.file);
      const herd = parseHerdOutput(readFileSync(`${file}.expected`, 'utf8'));
      const r = await verifyFile(file, { model: model!, unroll: 4 });
      expect(r.verdict).toBe(row.verdict);
      expect(canon(r.states)).toEqual(canon(herd.states));
      expect(r.flags).toEqual(herd.flags);
      if (r.verdict !== 'Never') expect(r.witness).toBeDefined();
    });
  }
});
