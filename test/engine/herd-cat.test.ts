// herd7 compatibility of the herd flavour: the kernel's own model files
// (linux-kernel.cat, .bell, .def, lock.cat, read through linux-kernel.cfg),
// given by path in LKMM_CAT_DIR, on every test of ../shared/litmus, against
// herd7's verdicts and final states. The kernel files are GPL test inputs:
// they are never part of the project, so without LKMM_CAT_DIR this is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFiles } from '../../src/batch/files.js';
import { loadModel, readHerdConfig } from '../../src/engine/models.js';
import { readProgram, verifyFile } from '../../src/check/run.js';
import { verifyProgram } from '../../src/check/verify.js';
import { InputError } from '../../src/program/errors.js';
import { parseHerdOutput } from '../../src/batch/herd-output.js';
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

// memorder's own encodings/lkmm.cat against the kernel's files, on the
// project's tests and the validity-flag probes: a disagreement means one of
// them is wrong (README, "Models").
describe.skipIf(!HAVE_KERNEL_FILES)("encodings/lkmm.cat agrees with the kernel's model files", () => {
  afterAll(shutdownZ3);
  const kernel = HAVE_KERNEL_FILES ? loadModel(readHerdConfig(CFG!)) : undefined;
  const lkmm = loadModel('lkmm');
  const files = findFiles([join(import.meta.dirname, '../../specs/litmus'), join(import.meta.dirname, '../fixtures/flags')], ['.litmus']);
  // A test that observes a spinlock's final value: lkmm.cat's locks are values
  // (1 while held), herd's lock events write none (it reports the initial
  // value). lock.cat says not to test it; verdicts and flags still agree.
  const statesDiffer = new Set(['lock-final.litmus']);
  for (const file of files) {
    it(file.replace(/.*\/(specs|fixtures)\//, ''), async () => {
      let program;
      try {
        program = readProgram(file, kernel!.herd!.macros);
      } catch (e) {
        // A memorder-only primitive (atomic_inc_not_zero): the kernel's .def does not define it.
        if (e instanceof InputError && /unknown primitive/.test(e.message)) return;
        throw e;
      }
      const k = await verifyProgram(program, { model: kernel!, unroll: 4 });
      const m = await verifyFile(file, { model: lkmm, unroll: 4 });
      if (statesDiffer.has(file.replace(/.*\//, ''))) expect([m.verdict, m.flags]).toEqual([k.verdict, k.flags]);
      else expect([m.verdict, canon(m.states), m.flags]).toEqual([k.verdict, canon(k.states), k.flags]);
    });
  }
});
