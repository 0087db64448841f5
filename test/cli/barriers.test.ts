// `memorder barriers list` and `memorder verify` on scenario specs, as a user runs them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('memorder barriers list', () => {
  it('lists every barrier of the mm library with id, primitive, function and partners', () => {
    const r = memorder('barriers', 'list', 'specs/mm');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^specs\/mm\/gup\.ts:\d+:\d+ +gup\.pin +smp_mb__after_atomic +in tryGrabFolioFast +pairs-with rmap\.share$/m);
    expect(r.stdout).toMatch(/^specs\/mm\/rmap\.ts:\d+:\d+ +rmap\.share +smp_mb +in folioTryShareAnonRmap +pairs-with gup\.pin$/m);
    expect(r.stdout).toMatch(/^specs\/mm\/page_ref\.ts:\d+:\d+ +\(no id\) +rcu_read_unlock +in pageRefAddUnless$/m);
  });

  it('reports a partner that does not exist (exit 2) and a barrier without an id (exit 1)', () => {
    const dangling = scenarioDir({ 'lib.ts': MP_LIB.replace('pairs-with mp.publish', 'pairs-with mp.gone') });
    const a = memorder('barriers', 'list', join(dangling, 'lib.ts'));
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/lib\.ts:13:3: barrier 'mp\.consume' pairs with 'mp\.gone', which does not exist\n$/);
    const missing = scenarioDir({
      'lib.ts': MP_LIB.replace(' // @barrier mp.consume pairs-with mp.publish', '').replace(' pairs-with mp.consume', ''),
    });
    const b = memorder('barriers', 'list', join(missing, 'lib.ts'));
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^\S*lib\.ts:13:3: warning: smp_rmb\(\) in consume has no id/);
    expect(b.stdout).toMatch(/lib\.ts:13:3 +\(no id\) +smp_rmb +in consume$/m);
  });
});

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
});
