// `memorder fix` writes a real unified diff against the file that holds the
// code: the .litmus test, or the TypeScript file a spec imports (never the
// spec's scenario object). `git apply --check` takes it, and the applied
// fix forbids the outcome.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP } from '../fixtures/litmus.js';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

const BIN = join(process.cwd(), 'bin/memorder.js');

function run(cwd: string, command: string, ...args: string[]) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const memorder = (cwd: string, ...args: string[]) => run(cwd, process.execPath, BIN, ...args);

describe('memorder fix', () => {
  it('on a litmus test: a diff git apply takes, whose result is Never', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memorder-fix-'));
    writeFileSync(join(dir, 'MP.litmus'), MP);
    const diff = memorder(dir, 'fix', 'MP.litmus', '--diff');
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    expect(diff.stdout).toMatch(/^--- a\/MP\.litmus\n\+\+\+ b\/MP\.litmus\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(diff.stdout).toMatch(/^\+\tsmp_wmb\(\);$/m);
    expect(diff.stdout).toMatch(/^\+\tsmp_rmb\(\);$/m);
    writeFileSync(join(dir, 'fix.diff'), diff.stdout);
    expect(run(dir, 'git', 'apply', '--check', 'fix.diff')).toMatchObject({ code: 0, stderr: '' });
    // The text output carries the same diff, unindented: git apply skips the lines before it.
    const text = memorder(dir, 'fix', 'MP.litmus');
    expect(text.stdout).toContain(diff.stdout.trimEnd());
    writeFileSync(join(dir, 'fix.txt'), text.stdout);
    expect(run(dir, 'git', 'apply', 'fix.txt').code).toBe(0);
    const after = memorder(dir, 'verify', 'MP.litmus');
    expect(after.stdout).toContain('model lkmm: Never');
  });

  it('on a spec: the diff is against the TypeScript file that holds the code, with the import the fence needs', () => {
    // lib.ts without its barriers (and without importing them).
    const bare = MP_LIB.replace('smp_wmb(); // @barrier mp.publish pairs-with mp.consume\n  ', '')
      .replace('smp_rmb(); // @barrier mp.consume pairs-with mp.publish\n  ', '')
      .replace(', smp_rmb, smp_wmb', '');
    const dir = scenarioDir({ 'lib.ts': bare, 'mp.spec.ts': mpSpec('', "{ lkmm: 'Sometimes' }").replace(/\n  variants: \{[\s\S]*?\n  \},/, '') });
    const diff = memorder(dir, 'fix', 'mp.spec.ts', '--diff');
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    expect(diff.stdout).toMatch(/^--- a\/lib\.ts\n\+\+\+ b\/lib\.ts\n/);
    expect(diff.stdout).not.toContain('mp.spec.ts');
    expect(diff.stdout).toMatch(/^\+import \{ READ_ONCE, WRITE_ONCE, smp_rmb, smp_wmb, type Cell \} from 'memorder\/kernel';$/m);
    writeFileSync(join(dir, 'fix.diff'), diff.stdout);
    expect(run(dir, 'git', 'apply', '--check', 'fix.diff')).toMatchObject({ code: 0, stderr: '' });
    expect(run(dir, 'git', 'apply', 'fix.diff').code).toBe(0);
    const fixed = readFileSync(join(dir, 'lib.ts'), 'utf8');
    expect(fixed).toMatch(/WRITE_ONCE\(data, 42\);\n  smp_wmb\(\);\n  WRITE_ONCE\(flag, READY\);/);
    // The fixed code forbids the outcome: the spec's expectation (Sometimes) now fails.
    const after = memorder(dir, 'verify', 'mp.spec.ts');
    expect(after.stdout).toMatch(/lkmm +fixed +Never +expected Sometimes +MISMATCH/);
  });
});
