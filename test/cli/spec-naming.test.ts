// Every command names a spec's parts the way verify does: thread names,
// file:line of the reference code, r.THREAD; never P0, `line N` or 0:result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LITMUS_NAMES = /\bP[01]\b|\bline \d+|\b\d:result\b|\[(data|flag)\]/;

describe('naming on specs', () => {
  const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
  const spec = join(dir, 'mp.spec.ts');
  const lib = join(dir, 'lib.ts');
  // The line of `return READ_ONCE(data);` in lib.ts.
  const readLine = MP_LIB.split('\n').findIndex((l) => l.includes('return READ_ONCE(data)')) + 1;

  it('verify, what-if, barriers, explain and fix all say writer/reader, lib.ts:LINE and r.reader', () => {
    const outputs = {
      verify: memorder('verify', '--model', 'lkmm', spec),
      whatIf: memorder('what-if', '--model', 'lkmm', spec, '--drop', 'mp.consume'),
      barriers: memorder('barriers', '--model', 'lkmm', '--witnesses', spec),
      explain: memorder('explain', '--model', 'lkmm', spec),
      fix: memorder('fix', '--model', 'lkmm', '--spec-variant', 'no-rmb', spec),
    };
    for (const [command, r] of Object.entries(outputs)) {
      expect(r.stderr, command).toBe('');
      expect(r.stdout, command).not.toMatch(LITMUS_NAMES);
    }
    expect(outputs.verify.stdout).toContain('outcome: r.reader=0');
    expect(outputs.whatIf.stdout).toContain('with mp.consume dropped: Sometimes');
    expect(outputs.whatIf.stdout).toMatch(new RegExp(`^ +reader +R data=0 +READ_ONCE +consume \\(${lib}:${readLine}\\)$`, 'm'));
    expect(outputs.whatIf.stdout).toContain('outcome: r.reader=0');
    expect(outputs.barriers.stdout).toMatch(new RegExp(`^  mp\\.consume +smp_rmb +reader ${lib}:\\d+ +necessary`, 'm'));
    expect(outputs.barriers.stdout).toMatch(/^ {2}Without mp\.consume:\n {4}witness:\n {6}writer /m);
    expect(outputs.explain.stdout).toMatch(/without barriers it ends in r\.reader=0\)/);
    expect(outputs.explain.stdout).toMatch(/cycle: writer W data=42 .* -rfe-> reader R flag=1 /);
    expect(outputs.fix.stdout).toMatch(new RegExp(`cheapest \\(cost \\d+\\): .* (before|at) (reader|writer) ${lib}:\\d+`));
  }, 300_000);

  it('what-if --add takes the thread by name, and a thread that does not exist is an error', () => {
    const added = memorder('what-if', '--model', 'lkmm', '--spec-variant', 'no-rmb', spec, '--add', `reader:${readLine}=smp_rmb`);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`with smp_rmb added before reader ${lib}:${readLine}: Never`);
    const wrong = memorder('what-if', '--model', 'lkmm', spec, '--add', `nosuch:${readLine}=smp_rmb`);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--add takes THREAD:LINE=KIND \(e\.g\. P1:14=smp_rmb, writer:14=smp_mb\), not 'nosuch:\d+=smp_rmb'/);
  }, 300_000);
});
