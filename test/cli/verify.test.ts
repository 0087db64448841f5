// The `memorder` command as a user runs it (the built bin: `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';
import { MP } from '../fixtures/litmus.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'memorder-cli-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};


describe('memorder verify', () => {
  it('prints the verdict, the states and a witness, and exits 0', () => {
    const r = memorder('verify', write('mp.litmus', MP));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('model lkmm: Sometimes');
    expect(r.stdout).toContain('States 4');
    expect(r.stdout).toContain('Witness:');
    expect(r.stdout).toMatch(/rf: e\d+ \(P0:W y\) -> e\d+ \(P1:R y\)/);
  });

  it('prints one JSON object per test with --json', () => {
    const r = memorder('verify', '--json', write('mp2.litmus', MP), '--model', 'sc');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]!);
    expect(o).toMatchObject({ name: 'MP', model: 'sc', verdict: 'Never', flags: [] });
    expect(o.states).toHaveLength(3);
    expect(typeof o.timeMs).toBe('number');
  });

  it('reports a malformed file on one line with its position, exit 2, no stack trace', () => {
    const bad = write('bad.litmus', MP.replace('WRITE_ONCE(*x, 1);', 'WRITE_ONCE(*x, 1)'));
    const r = memorder('verify', bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+: `));
    expect(r.stderr).not.toContain('    at ');
  });

  it('reports an unknown primitive at its position', () => {
    const r = memorder('verify', write('prim.litmus', MP.replace('WRITE_ONCE(*y, 1);', 'frobnicate(y);')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prim\.litmus:6:2: unknown primitive 'frobnicate'/);
  });

  it('rejects an unknown model with exit 2', () => {
    const r = memorder('verify', '--model', 'nosuch', write('mp3.litmus', MP));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown model 'nosuch'");
  });

  it.skipIf(!HAVE_SHARED)('answers Unknown, not a verdict, when the solver runs out of time', () => {
    const r = memorder('verify', '--json', '--timeout', '0.001', join(SHARED_LITMUS, 'catalogue/C-RomanPenyaev-list-rcu-rr.litmus'));
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.verdict).toBe('Unknown');
    expect(o.reason).toMatch(/solver: (timeout|canceled)/);
  });

  it.skipIf(!HAVE_SHARED)('searches directories for litmus tests and runs them on several workers', () => {
    const r = memorder('verify', '--json', '--jobs', '2', join(SHARED_LITMUS, 'kernel-doc'));
    expect(r.code).toBe(0);
    const names = r.stdout.trim().split('\n').map((l) => JSON.parse(l).name);
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('Atomic-RMW+mb__after_atomic-is-stronger-than-acquire');
  });

  it('prints one verdict per model side by side with --model all', () => {
    const r = memorder('verify', '--model', 'all', '--jobs', '1', 'specs/litmus/arch/IRIW+rmbs.litmus', 'specs/litmus/arch/MP.litmus');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['test', 'lkmm', 'x86', 'armv8', 'sc']);
    expect(lines[1]!.split(/\s+/)).toEqual(['IRIW+rmbs', 'Sometimes', 'Never', 'Never', 'Never']);
    expect(lines[2]!.split(/\s+/)).toEqual(['MP', 'Sometimes', 'Never', 'Sometimes', 'Never']);
  });

  it("runs herd's own model files from a .cfg, named by the cat file, side by side with --model", () => {
    const cfg = 'test/fixtures/herd/mini.cfg';
    const one = memorder('verify', '--json', '--cfg', cfg, write('mp4.litmus', MP));
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ model: 'sc.cat', verdict: 'Never' });
    const both = memorder('verify', '--model', 'lkmm', '--cat', 'test/fixtures/herd/sc.cat', '--def', 'test/fixtures/herd/mini.def', '--bell', 'test/fixtures/herd/mini.bell', write('mp5.litmus', MP));
    expect(both.code).toBe(0);
    const [table, summary] = both.stdout.trim().split('\n\n');
    expect(table!.split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['test', 'lkmm', 'sc.cat'],
      ['MP', 'Sometimes', 'Never'],
    ]);
    expect(summary).toBe('1 test × 2 models: 1 Never, 1 Sometimes, 0 Always, 0 Unknown');
  });

  it('ends the text output with a summary line; --json and --herd output have none', () => {
    const mp = write('mp7.litmus', MP);
    const sb = write('sb7.litmus', MP.replace('exists', '~exists'));
    const r = memorder('verify', '--jobs', '1', mp, sb, write('bad7.litmus', 'C bad\n'));
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 tests: 0 Never, 2 Sometimes, 0 Always, 0 Unknown; 1 file with errors');
    expect(memorder('verify', '--json', mp).stdout.trim().split('\n')).toHaveLength(1);
    expect(memorder('verify', '--herd', mp).stdout).toMatch(/^Hash=[0-9a-f]{32}\n\n$/m);
  });

  it('rejects inconsistent model flags, bad model files and primitives missing from a .def, on one line with exit 2', () => {
    const mp = write('mp6.litmus', MP);
    const noCat = memorder('verify', '--bell', 'test/fixtures/herd/mini.bell', mp);
    expect([noCat.code, noCat.stderr.trim()]).toEqual([2, 'memorder verify: --bell and --def go with --cat (the model file) (see memorder verify --help)']);
    const both = memorder('verify', '--cfg', 'test/fixtures/herd/mini.cfg', '--cat', 'x.cat', mp);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--cfg gives the model files');
    const cat = write('bad.cat', 'let x = po\nforall e in W do acyclic po end\n');
    const bad = memorder('verify', '--cat', cat, mp);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, `${cat}:2:1: unsupported cat construct 'forall'`]);
    const prim = memorder('verify', '--cfg', 'test/fixtures/herd/mini.cfg', write('rmb.litmus', MP.replace('int r1;', 'int r1;\n\tsmp_rmb();')));
    expect(prim.code).toBe(2);
    expect(prim.stderr).toMatch(/rmb\.litmus:12:2: unknown primitive 'smp_rmb' \(not defined in .*mini\.def\)/);
    expect(prim.stderr).not.toContain('    at ');
  });
});
