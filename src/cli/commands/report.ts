// `memorder report DIR --html [FILE]`: the results a `--graph DIR` run left
// in DIR, as one self-contained HTML page (default DIR/index.html) with the
// verdict table and the witness pictures; without --html, the table as text.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../program/errors.js';
import { toHtml } from '../../report/html.js';
import { readManifest } from '../../report/pictures.js';
import { defineCommand } from '../command.js';

async function run(dir: string, html: string | undefined): Promise<number> {
  const manifest = readManifest(dir);
  if (html === undefined) {
    for (const e of manifest.entries) {
      const model = e.variant ? `${e.model}/${e.variant}` : e.model;
      const expected = e.expected !== undefined ? `  expected ${e.expected || '-'}  ${e.status}` : '';
      process.stdout.write(`${e.name}  ${model}  ${e.actual}${expected}${e.svg ? `  ${join(dir, e.svg)}` : ''}\n`);
    }
    return 0;
  }
  const out = html === '' ? join(dir, 'index.html') : html;
  try {
    writeFileSync(out, toHtml(manifest, dir));
  } catch (e) {
    throw new InputError({ file: out, line: 1, col: 1 }, `cannot write: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.stdout.write(`${out}\n`);
  return 0;
}

export const reportCommand = defineCommand({
  command: 'report <dir>',
  describe: 'Turn the results of verify/ci --graph DIR into a report',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the directory given to --graph' })
      .option('html', { type: 'string', describe: 'write one self-contained HTML page (default DIR/index.html)' }),
  run: (a) => run(a.dir, a.html),
});
