// A bug of memorder on one test of a batch (here: verifyProgram made to throw
// on the test named BROKEN) gives that test Unknown with a one-line reason;
// every other test of the batch is still checked and printed, and the exit
// status says something went wrong.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ciStatus, runCi } from '../../src/batch/ci.js';
import { main } from '../../src/cli/main.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { mp } from '../fixtures/litmus.js';

vi.mock('../../src/check/verify.js', async (original) => {
  const m = await original<typeof import('../../src/check/verify.js')>();
  return {
    ...m,
    verifyProgram: async (...args: Parameters<typeof m.verifyProgram>) => {
      if (args[0].name === 'BROKEN') throw new TypeError("Cannot read properties of undefined (reading 'op')\n    at a second line");
      return m.verifyProgram(...args);
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'memorder-internal-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const first = write('a.litmus', mp('Sometimes', 'FIRST'));
const broken = write('b.litmus', mp('Sometimes', 'BROKEN'));
const last = write('c.litmus', mp('Sometimes', 'LAST'));

/** Runs the CLI in this process, capturing what it prints. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('an internal error in the middle of a batch', () => {
  afterAll(shutdownZ3);
  afterEach(() => {
    delete process.env.MEMORDER_DEBUG;
  });

  it('verify: Unknown with the error in one line, the other tests printed, exit 3', async () => {
    const r = await run('verify', '--jobs', '1', first, broken, last);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Test FIRST');
    expect(r.stdout).toContain("Test BROKEN (" + broken + ") model lkmm: Unknown (internal error: TypeError: Cannot read properties of undefined (reading 'op'))");
    expect(r.stdout).toContain('Test LAST');
    expect(r.stdout.match(/model lkmm: Sometimes/g)).toHaveLength(2);
    expect(r.stderr).not.toContain('at ');
  });

  it('a helper process that dies (killed, as by the OOM killer) costs only its test: internal error, the rest printed, exit 3', () => {
    // One task per process: this one runs a.litmus, a helper b.litmus (and is
    // killed there), a new helper c.litmus.
    const env = { ...process.env, MEMORDER_WORKER_TASKS: '1', MEMORDER_HELPER_DIES_ON: 'b.litmus' };
    const r = spawnSync(process.execPath, ['bin/memorder.js', 'verify', '--json', '--jobs', '2', first, broken, last], { encoding: 'utf8', env, timeout: 120_000 });
    expect(r.status).toBe(3);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.name, l.verdict])).toEqual([
      ['FIRST', 'Sometimes'],
      ['LAST', 'Sometimes'],
    ]);
    expect(r.stderr.trim()).toBe(`${broken}: internal error: helper process ended (SIGKILL) while working on it`);
  });

  it('verify --debug: the stack trace on stderr too', async () => {
    const r = await run('verify', '--jobs', '1', '--debug', broken);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${broken}: internal error: TypeError: Cannot read properties of undefined`);
    expect(r.stderr).toMatch(/\n +at /);
  });

  it('verify --json: the result carries the reason', async () => {
    const r = await run('verify', '--jobs', '1', '--json', broken, last);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict)).toEqual(['Unknown', 'Sometimes']);
    expect(lines[0].reason).toBe("internal error: TypeError: Cannot read properties of undefined (reading 'op')");
  });

  it('ci: an error case, the other cases checked', async () => {
    const result = await runCi([dir], { jobs: 1, unroll: 4 });
    expect(result.cases.map((c) => [c.name, c.status])).toEqual([
      ['FIRST', 'pass'],
      ['LAST', 'pass'],
    ]);
    expect(result.errors).toEqual([`${broken}: internal error: TypeError: Cannot read properties of undefined (reading 'op')`]);
    expect(ciStatus(result)).toBe(2);
  });
});
