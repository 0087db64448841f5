// `memorder what-if FILE --drop ID --weaken ID=KIND --add P1:LINE=KIND`: the
// verdict of the program with those changes, next to the verdict as
// written, and the witness when the outcome becomes reachable.

import type { Argv } from 'yargs';
import { QUESTION_SUFFIXES, readQuestionProgram } from '../../check/run.js';
import { whatIf } from '../../check/whatif.js';
import { formatWhatIf } from '../../report/barriers.js';
import { defineCommand } from '../command.js';
import { loadModels, UsageError, withModelOptions, withSpecVariantOption } from '../options.js';
import { Naming } from '../../program/naming.js';
import { paintFor } from '../../report/colour.js';

export const whatIfCommand = defineCommand({
  command: 'what-if <file>',
  describe: 'Verdict with barriers dropped, weakened or added (barriers named by id, e.g. P1:smp_mb#1, or P1:LINE)',
  builder: (y: Argv) =>
    withSpecVariantOption(withModelOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'litmus test or scenario spec' })))
      .option('drop', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'barrier to drop (ID or P1:LINE)' })
      .option('weaken', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'ID=KIND: barrier to turn into KIND (smp_wmb, READ_ONCE, relaxed...)' })
      .option('add', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'P1:LINE=KIND: a fence before the statement on LINE of P1' }),
  run: async (a) => {
    const edits = { drop: a.drop, weaken: a.weaken, add: a.add };
    if (edits.drop.length + edits.weaken.length + edits.add.length === 0) {
      throw new UsageError('what-if needs at least one --drop, --weaken or --add');
    }
    const program = await readQuestionProgram(a.file, a.specVariant);
    for (const model of loadModels(a.model)) {
      const r = await whatIf(program, edits, { model, unroll: a.unroll, timeoutMs: a.timeout * 1000 });
      process.stdout.write((a.json ? JSON.stringify(r) : formatWhatIf(r, Naming.of(program), paintFor(process.stdout, process.env, a.color))) + '\n');
    }
    return 0;
  },
});
