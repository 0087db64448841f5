// `memorder explain FILE`: which barriers and axioms rule the outcome out,
// path by path, and the cycle each would close; or, when the outcome is
// reachable, the cycle of its witness.

import type { Argv } from 'yargs';
import { explain } from '../../check/explain.js';
import { checkPairs } from '../../check/pairs.js';
import { declaredPartners, SPEC_SUFFIX } from '../../check/spec.js';
import { barriersOf } from '../../program/barriers.js';
import { findFiles } from '../../batch/files.js';
import { QUESTION_SUFFIXES, readQuestionProgram } from '../../check/run.js';
import { formatExplanation } from '../../report/barriers.js';
import { defineCommand } from '../command.js';
import { loadModels, withModelOptions, withSpecVariantOption } from '../options.js';
import { Naming } from '../../program/naming.js';
import { paintFor } from '../../report/colour.js';

export const explainCommand = defineCommand({
  command: 'explain <paths..>',
  describe: 'Why the outcome is forbidden (barriers, axioms and cycle per path), or how it happens',
  builder: (y: Argv) => withSpecVariantOption(withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus tests, scenario specs or directories' }))),
  run: async (a) => {
    const models = loadModels(a.model);
    for (const file of findFiles(a.paths, QUESTION_SUFFIXES)) {
      const program = await readQuestionProgram(file, a.specVariant);
      for (const model of models) {
        const r = await explain(program, { model, unroll: a.unroll, timeoutMs: a.timeout * 1000 });
        if (file.endsWith(SPEC_SUFFIX) && r.forbidden) r.pairing = checkPairs(r, barriersOf(program), await declaredPartners(file));
        process.stdout.write((a.json ? JSON.stringify(r) : formatExplanation(r, Naming.of(program), paintFor(process.stdout, process.env, a.color))) + '\n');
      }
    }
    return 0;
  },
});
