// `memorder barriers FILE...`: for every barrier, whether it is necessary,
// the weakest kind that would do, and the minimal sets of barriers that
// alone forbid the outcome, per model.
//
// `memorder barriers list FILE|DIR...`: every barrier call of TypeScript
// reference implementations with its annotation id, function, file:line and
// partners; problems (a partner that does not exist or an id used twice:
// exit 2; a barrier without an id: exit 1) as `file:line:col: message` lines
// on stderr.

import type { Argv } from 'yargs';
import { findFiles } from '../../batch/files.js';
import { InputError } from '../../program/errors.js';
import { analyseBarriers } from '../../check/necessity.js';
import { QUESTION_SUFFIXES, readQuestionProgram } from '../../check/run.js';
import { formatBarrierReport } from '../../report/barriers.js';
import { defineCommand } from '../command.js';
import { loadModels, UsageError, withModelOptions, withSpecVariantOption } from '../options.js';
import { Naming } from '../../program/naming.js';
import { paintFor } from '../../report/colour.js';

async function listBarriers(paths: string[], json: boolean): Promise<number> {
  const { ScenarioProject } = await import('../../scenario/project.js');
  const { barrierLibrary, checkBarriers, sitesOfFiles } = await import('../../scenario/barriers.js');
  if (paths.length === 0) throw new UsageError('list needs .ts files or directories');
  const files = findFiles(paths, ['.ts']).filter((f) => !f.endsWith('.d.ts'));
  const other = files.find((f) => !f.endsWith('.ts'));
  if (other) throw new InputError({ file: other, line: 1, col: 1 }, 'barriers list reads TypeScript (.ts) files; for the barriers of a litmus test, run `memorder barriers FILE`');
  const project = await ScenarioProject.create();
  const roots = files.map((f) => project.file(f));
  const listed = new Set(roots.map((sf) => sf.getFilePath()));
  // Partners are looked up in the files listed, what they import and their folders' other modules.
  const all = sitesOfFiles(project, barrierLibrary(project, roots));
  const isListed = (file: string) => listed.has(project.file(file).getFilePath());
  for (const s of all.filter((x) => isListed(x.pos.file))) {
    if (json) {
      const o = { id: s.id ?? null, primitive: s.primitive, function: s.fn, file: s.pos.file, line: s.pos.line, col: s.pos.col, pairsWith: s.pairsWith };
      process.stdout.write(JSON.stringify(o) + '\n');
      continue;
    }
    const partners = s.pairsWith.length > 0 ? `  pairs-with ${s.pairsWith.join(', ')}` : '';
    process.stdout.write(`${s.pos.file}:${s.pos.line}:${s.pos.col}  ${(s.id ?? '(no id)').padEnd(24)} ${s.primitive.padEnd(24)} in ${s.fn}${partners}\n`);
  }
  if (!all.some((x) => isListed(x.pos.file))) process.stderr.write(`memorder barriers list: no barrier calls in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  const problems = checkBarriers(all).filter((p) => isListed(p.pos.file));
  for (const p of problems) process.stderr.write(`${p.pos.file}:${p.pos.line}:${p.pos.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}\n`);
  if (problems.some((p) => p.severity === 'error')) return 2;
  return problems.length > 0 ? 1 : 0;
}

export const barriersCommand = defineCommand({
  command: 'barriers <paths..>',
  describe:
    'Which barriers are necessary, which could be weaker, and the minimal sets that forbid the outcome; `barriers list FILE...` lists the @barrier annotations of TypeScript reference code',
  builder: (y: Argv) =>
    withSpecVariantOption(withModelOptions(y.positional('paths', { type: 'string', array: true, demandOption: true, describe: 'litmus tests, scenario specs or directories (after `list`: .ts files or directories)' }))).option(
      'witnesses',
      { type: 'boolean', default: false, describe: 'print the execution each necessary barrier forbids' },
    ),
  run: async (a) => {
    const paths = a.paths;
    if (paths[0] === 'list') return listBarriers(paths.slice(1), a.json);
    const models = loadModels(a.model);
    for (const file of findFiles(paths, QUESTION_SUFFIXES)) {
      const program = await readQuestionProgram(file, a.specVariant);
      for (const model of models) {
        const r = await analyseBarriers(program, { model, unroll: a.unroll, timeoutMs: a.timeout * 1000 });
        process.stdout.write((a.json ? JSON.stringify(r) : formatBarrierReport(r, a.witnesses, Naming.of(program), paintFor(process.stdout, process.env, a.color))) + '\n');
      }
    }
    return 0;
  },
});
