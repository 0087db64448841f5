// `memorder barriers list`, as a user runs it.
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
