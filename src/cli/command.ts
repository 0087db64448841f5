// The shape of one memorder command: src/cli/commands/NAME.ts exports one,
// src/cli/main.ts registers them all. `run` returns the exit code.

import type { Argv } from 'yargs';

export interface CommandModule {
  /** yargs command string, e.g. `verify <paths..>`. */
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  run: (args: Record<string, unknown>) => Promise<number>;
}
