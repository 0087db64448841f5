// `memorder what-if FILE --drop ID --weaken ID=KIND --add P1:LINE=KIND`: the
// verdict of the program with those changes, next to the verdict as
// written, and the witness when the outcome becomes reachable.

import type { Argv } from 'yargs';
import { readProgram } from '../../check/run.js';
import { whatIf } from '../../check/whatif.js';
import { InputError } from '../../program/errors.js';
import { formatWhatIf } from '../../report/barriers.js';
import type { CommandModule } from '../command.js';
import { loadModels, withModelOptions } from '../options.js';

export const whatIfCommand: CommandModule = {
  command: 'what-if <file>',
  describe: 'Verdict with barriers dropped, weakened or added (barriers named by id, e.g. P1:smp_mb#1, or P1:LINE)',
  builder: (y: Argv) =>
    withModelOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'litmus file' }))
      .option('drop', { type: 'string', array: true, default: [] as string[], describe: 'barrier to drop (ID or P1:LINE)' })
      .option('weaken', { type: 'string', array: true, default: [] as string[], describe: 'ID=KIND: barrier to turn into KIND (smp_wmb, READ_ONCE, relaxed...)' })
      .option('add', { type: 'string', array: true, default: [] as string[], describe: 'P1:LINE=KIND: a fence before the statement on LINE of P1' }),
  run: async (a) => {
    const edits = { drop: a.drop as string[], weaken: a.weaken as string[], add: a.add as string[] };
    if (edits.drop.length + edits.weaken.length + edits.add.length === 0) {
      throw new InputError({ file: '<command line>', line: 1, col: 1 }, 'what-if needs at least one --drop, --weaken or --add');
    }
    const program = readProgram(a.file as string);
    for (const model of loadModels(a.model as string)) {
      const r = await whatIf(program, edits, { model, unroll: a.unroll as number, timeoutMs: (a.timeout as number) * 1000 });
      process.stdout.write((a.json ? JSON.stringify(r) : formatWhatIf(r)) + '\n');
    }
    return 0;
  },
};
