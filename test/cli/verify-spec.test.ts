// `memorder verify` on scenario specs, as a user runs it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('memorder verify on scenario specs', () => {
  it('prints one line per model × variant and the witness in TypeScript terms', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const r = memorder('verify', join(dir, 'mp.spec.ts'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.includes('expected'));
    expect(rows.map((l) => l.replace(/^\S+\s+/, '').replace(/\s+/g, ' '))).toEqual([
      'lkmm fixed Never expected Never ok',
      'lkmm no-rmb Sometimes expected Sometimes ok',
      'sc fixed Never expected Never ok',
      'sc no-rmb Never expected Never ok',
    ]);
    expect(r.stdout).toMatch(/reader +R data=0 +READ_ONCE +consume \(.*lib\.ts:14\)/);
    expect(r.stdout).toContain('outcome: r.reader=0');
  });

  it('exits 1 on a mismatch and 2 on bad input', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'wrong.spec.ts': mpSpec('', "{ lkmm: 'Sometimes' }"), 'bad.spec.ts': mpSpec().replace('cell(0)', 'cell(data)') });
    const wrong = memorder('verify', '--model', 'lkmm', join(dir, 'wrong.spec.ts'));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/lkmm +fixed +Never +expected Sometimes +MISMATCH/);
    const bad = memorder('verify', join(dir, 'bad.spec.ts'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\S*bad\.spec\.ts:6:24: an initial value must be an integer constant\n$/);
  });

  it('checks the specs and litmus tests of a directory on worker processes, in order', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const litmus = `C SB\n{}\nP0(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*x, 1);\n\tr0 = READ_ONCE(*y);\n}\nP1(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*y, 1);\n\tr0 = READ_ONCE(*x);\n}\nexists (0:r0=0 /\\ 1:r0=0)\n`;
    writeFileSync(join(dir, 'a-sb.litmus'), litmus);
    const r = memorder('verify', '--jobs', '2', '--model', 'lkmm', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.indexOf('Test SB')).toBeGreaterThanOrEqual(0);
    expect(r.stdout.indexOf('Test SB')).toBeLessThan(r.stdout.indexOf('lkmm   fixed'));
    expect(r.stdout).toMatch(/mp\.spec\.ts +lkmm +no-rmb +Sometimes +expected Sometimes +ok/);
    expect(r.stdout).not.toContain(' sc ');
  });
});

