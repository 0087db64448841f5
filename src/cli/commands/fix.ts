// `memorder fix FILE`: the cheapest barriers that forbid a reachable
// outcome, proved optimal, as a diff-like snippet.

import { join, relative } from 'node:path';
import type { Argv } from 'yargs';
import { ENCODINGS_DIR } from '../../engine/models.js';
import { QUESTION_SUFFIXES, readQuestionProgram } from '../../check/run.js';
import { applyPlacement, fixProgram, loadCosts, type Placement } from '../../check/synthesis.js';
import { readTextFile } from '../../program/text-file.js';
import { unifiedDiff } from '../../report/diff.js';
import { formatFix } from '../../report/barriers.js';
import { defineCommand } from '../command.js';
import { checkNumbers, loadModels, withModelOptions, withSpecVariantOption } from '../options.js';
import { Naming } from '../../program/naming.js';
import { paintFor } from '../../report/colour.js';

/** The placement as one unified diff of every file it changes, paths relative to the working directory (as `git apply` takes them). */
function fixDiff(placement: Placement[]): string {
  return [...new Set(placement.map((p) => p.file))]
    .map((file) => {
      const before = readTextFile(file);
      return unifiedDiff(relative(process.cwd(), file), before, applyPlacement(before, placement, file));
    })
    .join('');
}

export const fixCommand = defineCommand({
  command: 'fix <file>',
  describe: 'The cheapest barriers that forbid the outcome, with a proof that nothing cheaper does',
  builder: (y: Argv) =>
    checkNumbers(
      withSpecVariantOption(withModelOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'litmus test or scenario spec' })))
        .option('costs', { type: 'string', default: join(ENCODINGS_DIR, 'costs.txt'), requiresArg: true, describe: 'cost table (format of encodings/costs.txt)' })
        .option('alternatives', { type: 'number', default: 3, requiresArg: true, describe: 'how many other placements of the same cost to list' })
        .option('diff', { type: 'boolean', default: false, describe: 'print only the unified diff of the cheapest placement (for git apply or patch)' }),
      { alternatives: 'non-negative integer' },
    ),
  run: async (a) => {
    const file = a.file;
    const program = await readQuestionProgram(file, a.specVariant);
    for (const model of loadModels(a.model)) {
      const costs = loadCosts(a.costs, model.name);
      const r = await fixProgram(program, {
        model,
        unroll: a.unroll,
        timeoutMs: a.timeout * 1000,
        costs,
        alternatives: a.alternatives,
      });
      if (r.placement && r.placement.length > 0) r.diff = fixDiff(r.placement);
      if (a.diff) process.stdout.write(r.diff ?? '');
      else process.stdout.write((a.json ? JSON.stringify(r) : formatFix(r, Naming.of(program), paintFor(process.stdout, process.env, a.color), r.diff)) + '\n');
    }
    return 0;
  },
});
