// The ci runner in this process (one job): expectations checked, bad input
// reported without stopping the others, and a second run served from the cache.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciStatus, runCi } from '../../src/batch/ci.js';
import { workerTaskLimit } from '../../src/batch/pool.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { conditionLine, mp } from '../fixtures/litmus.js';

const dir = mkdtempSync(join(tmpdir(), 'memorder-ci-'));
const tests = join(dir, 'tests');
const write = (name: string, text: string) => {
  const p = join(tests, name);
  writeFileSync(p, text, { flag: 'w' });
  return p;
};

describe('runCi', () => {
  afterAll(shutdownZ3);
  mkdirSync(tests);
  const good = write('a-good.litmus', mp('Sometimes'));
  const bad = write('b-bad.litmus', mp('Never'));
  write('c-none.litmus', mp(undefined));
  const broken = write('d-broken.litmus', mp('Never').replace('WRITE_ONCE(*y, 1);', 'WRITE_ONCE(*y, 1)'));
  const cacheDir = join(dir, 'cache');

  it('checks each file against its expectation', async () => {
    const seen: string[] = [];
    const run = await runCi([tests], { jobs: 1, unroll: 4, cacheDir, onFile: (r, done, total) => seen.push(`${done}/${total} ${r.file}`) });
    expect(run.files.map((f) => f.file)).toEqual([good, bad, join(tests, 'c-none.litmus'), broken]);
    expect(run.cases.map((c) => c.status)).toEqual(['pass', 'fail', 'skip']);
    const failed = run.cases[1]!;
    expect(failed.location).toEqual({ file: bad, line: conditionLine(mp('Never')), col: 1 });
    expect(failed.messages).toEqual([`expected Never, got Sometimes (expected at ${bad}:3)`]);
    expect(failed.witness?.events.length).toBeGreaterThan(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(ciStatus(run)).toBe(2);
    expect(seen).toHaveLength(4);
    expect(seen[3]).toMatch(/^4\/4 /);
  });

  it('serves unchanged files from the cache on the next run, and rechecks a changed one', async () => {
    write('b-bad.litmus', mp('Sometimes'));
    const run = await runCi([tests], { jobs: 1, unroll: 4, cacheDir });
    expect(run.files.map((f) => f.cached)).toEqual([true, false, true, false]);
    expect(run.cases.map((c) => c.status)).toEqual(['pass', 'pass', 'skip']);
  });

  it('exits 1 on a mismatch alone, 0 when all match', async () => {
    const only = await runCi([good, bad], { jobs: 1, unroll: 4 });
    expect(ciStatus(only)).toBe(0);
    write('b-bad.litmus', mp('Always'));
    expect(ciStatus(await runCi([bad], { jobs: 1, unroll: 4, cacheDir }))).toBe(1);
  });

  it('skips missing paths only when asked', async () => {
    const missing: string[] = [];
    const run = await runCi([good, join(dir, 'nope')], { jobs: 1, unroll: 4, skipMissing: true, onMissing: (p) => missing.push(p) });
    expect(missing).toEqual([join(dir, 'nope')]);
    expect(run.cases).toHaveLength(1);
    await expect(runCi([join(dir, 'nope')], { jobs: 1, unroll: 4 })).rejects.toThrow(/no such file or directory/);
  });
});

describe('workerTaskLimit', () => {
  it('reads MEMORDER_WORKER_TASKS, falling back to 200', () => {
    expect(workerTaskLimit({ MEMORDER_WORKER_TASKS: '3' })).toBe(3);
    expect(workerTaskLimit({ MEMORDER_WORKER_TASKS: '0' })).toBe(200);
    expect(workerTaskLimit({})).toBe(200);
  });
});
