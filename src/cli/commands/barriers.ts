// `memorder barriers list FILE|DIR...`: every barrier call of reference
// implementations with its id, function, file:line and partners; problems
// (a barrier without an id, a partner that does not exist, an id used twice)
// as `file:line:col: message` lines on stderr.

import type { Argv } from 'yargs';
import { findFiles } from '../../check/files.js';
import { ScenarioProject, importClosure } from '../../scenario/project.js';
import { checkBarriers, sitesOfFiles } from '../../scenario/barriers.js';
import type { CommandModule } from '../command.js';

interface BarriersArgs {
  action: string;
  paths: string[];
  json: boolean;
}

async function run(args: BarriersArgs): Promise<number> {
  const files = findFiles(args.paths, ['.ts']).filter((f) => !f.endsWith('.d.ts'));
  const project = await ScenarioProject.create();
  const roots = files.map((f) => project.file(f));
  const listed = new Set(roots.map((sf) => sf.getFilePath()));
  // Partners are looked up in the files listed and everything they import.
  const universe = importClosure(project, roots);
  const all = sitesOfFiles(project, universe);
  const shown = all.filter((s) => listed.has(project.file(s.pos.file).getFilePath()));
  for (const s of shown) {
    if (args.json) {
      process.stdout.write(JSON.stringify({ id: s.id ?? null, primitive: s.primitive, function: s.fn, file: s.pos.file, line: s.pos.line, col: s.pos.col, pairsWith: s.pairsWith }) + '\n');
      continue;
    }
    const partners = s.pairsWith.length > 0 ? `  pairs-with ${s.pairsWith.join(', ')}` : '';
    process.stdout.write(`${s.pos.file}:${s.pos.line}:${s.pos.col}  ${(s.id ?? '(no id)').padEnd(24)} ${s.primitive.padEnd(24)} in ${s.fn}${partners}\n`);
  }
  const problems = checkBarriers(all).filter((p) => listed.has(project.file(p.pos.file).getFilePath()));
  for (const p of problems) process.stderr.write(`${p.pos.file}:${p.pos.line}:${p.pos.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}\n`);
  if (problems.some((p) => p.severity === 'error')) return 2;
  return problems.length > 0 ? 1 : 0;
}

export const barriersCommand: CommandModule = {
  command: 'barriers <action> <paths..>',
  describe: 'List the barrier annotations (@barrier ID pairs-with OTHER) of TypeScript reference implementations',
  builder: (y: Argv) =>
    y
      .positional('action', { type: 'string', choices: ['list'], describe: 'list: every barrier call with id, function, position, partners' })
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: '.ts files or directories' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per barrier per line' }),
  run: (a) => run({ action: a.action as string, paths: a.paths as string[], json: a.json as boolean }),
};
