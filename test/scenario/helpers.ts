// Temporary TypeScript scenario files for front-end tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'memorder-scenario-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Message passing, written as reference functions. */
export const MP_LIB = `import { READ_ONCE, WRITE_ONCE, smp_rmb, smp_wmb, type Cell } from 'memorder/kernel';

export const READY = 1;

export function publish(data: Cell, flag: Cell): void {
  WRITE_ONCE(data, 42);
  smp_wmb(); // @barrier mp.publish pairs-with mp.consume
  WRITE_ONCE(flag, READY);
}

export function consume(data: Cell, flag: Cell): number {
  if (READ_ONCE(flag) !== READY) return -1;
  smp_rmb(); // @barrier mp.consume pairs-with mp.publish
  return READ_ONCE(data);
}
`;

export function mpSpec(extra = '', expect = "{ lkmm: 'Never', sc: 'Never' }"): string {
  return `import { cell, scenario } from 'memorder/kernel';
import { consume, publish } from './lib.js';

export default scenario({
  name: 'MP',
  memory: { data: cell(0), flag: cell(0) },
  threads: {
    writer: (m) => publish(m.data, m.flag),
    reader: (m) => consume(m.data, m.flag),
  },
  forbidden: (r) => r.reader === 0,
  expect: ${expect},
  variants: {
    'no-rmb': { drop: ['mp.consume'], expect: { lkmm: 'Sometimes', sc: 'Never' } },${extra}
  },
});
`;
}
