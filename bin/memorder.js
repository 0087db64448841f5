#!/usr/bin/env node
// Entry point of the `memorder` command: runs the compiled CLI (npm install
// builds dist/ through the package's prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('memorder: dist/ is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2)).catch((e) => {
  // One line; the stack with --debug or MEMORDER_DEBUG=1.
  const debug = process.env.MEMORDER_DEBUG === '1' || process.argv.includes('--debug');
  const line = String(e instanceof Error ? `${e.name}: ${e.message}` : e).split('\n')[0];
  process.stderr.write(`memorder: internal error: ${debug && e && e.stack ? e.stack : line}\n`);
  return 3;
});
