// `memorder fix FILE`: the cheapest barriers that forbid a reachable
// outcome, proved optimal, as a diff-like snippet.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ENCODINGS_DIR } from '../../engine/models.js';
import { QUESTION_SUFFIXES, readQuestionProgram } from '../../check/run.js';
import { fixProgram, loadCosts, placementDiff } from '../../check/synthesis.js';
import { formatFix } from '../../report/barriers.js';
import { defineCommand } from '../command.js';
import { checkNumbers, loadModels, withModelOptions, withSpecVariantOption } from '../options.js';

export const fixCommand = defineCommand({
  command: 'fix <file>',
  describe: 'The cheapest barriers that forbid the outcome, with a proof that nothing cheaper does',
  builder: (y: Argv) =>
    checkNumbers(
      withSpecVariantOption(withModelOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'litmus test or scenario spec' })))
        .option('costs', { type: 'string', default: join(ENCODINGS_DIR, 'costs.txt'), requiresArg: true, describe: 'cost table (format of encodings/costs.txt)' })
        .option('alternatives', { type: 'number', default: 3, requiresArg: true, describe: 'how many other placements of the same cost to list' }),
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
      if (r.placement && r.placement.length > 0) r.diff = placementDiff(readFileSync(file, 'utf8'), file, r.placement);
      process.stdout.write((a.json ? JSON.stringify(r) : formatFix(r, r.diff)) + '\n');
    }
    return 0;
  },
});
