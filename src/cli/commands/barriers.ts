// `memorder barriers FILE...`: for every barrier, whether it is necessary,
// the weakest kind that would do, and the minimal sets of barriers that
// alone forbid the outcome, per model.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { analyseBarriers } from '../../check/necessity.js';
import { readProgram } from '../../check/run.js';
import { formatBarrierReport } from '../../report/barriers.js';
import type { CommandModule } from '../command.js';
import { loadModels, withModelOptions } from '../options.js';

export const barriersCommand: CommandModule = {
  command: 'barriers <paths..>',
  describe: 'Which barriers are necessary, which could be weaker, and the minimal sets that forbid the outcome',
  builder: (y: Argv) =>
    withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus files or directories' })).option(
      'witnesses',
      { type: 'boolean', default: false, describe: 'print the execution each necessary barrier forbids' },
    ),
  run: async (a) => {
    const models = loadModels(a.model as string);
    for (const file of findFiles(a.paths as string[], ['.litmus'])) {
      const program = readProgram(file);
      for (const model of models) {
        const r = await analyseBarriers(program, { model, unroll: a.unroll as number, timeoutMs: (a.timeout as number) * 1000 });
        process.stdout.write((a.json ? JSON.stringify(r) : formatBarrierReport(r, a.witnesses as boolean)) + '\n');
      }
    }
    return 0;
  },
};
