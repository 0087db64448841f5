// `memorder ci` as a CI job runs it (the built bin: `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionLine, mp } from '../fixtures/litmus.js';
import { parseJUnit, sarifErrors } from '../report/validators.js';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

function memorderWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const memorder = (...args: string[]) => memorderWith({}, ...args);

const dir = mkdtempSync(join(tmpdir(), 'memorder-ci-cli-'));
const specs = join(dir, 'specs');
mkdirSync(specs);
const BUNDLED = 'specs/litmus/fences/MP+wmb+rmb.litmus';
const copy = join(specs, 'MP+wmb+rmb.litmus');
const original = readFileSync(BUNDLED, 'utf8');
writeFileSync(copy, original);
writeFileSync(join(specs, 'MP.litmus'), mp('Sometimes'));

describe('memorder ci', () => {
  it('passes a tree whose expectations hold: exit 0 and the closing line', () => {
    const r = memorder('ci', '--no-cache', specs);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('2 passed, 0 failed');
    expect(r.stderr).toContain(`[2/2] ok      `);
  });

  it('fails when one expected verdict changes: exit 1, the file and line named, valid SARIF and readable JUnit', async () => {
    const changed = original.replace('Result: Never', 'Result: Sometimes');
    expect(changed).not.toBe(original);
    writeFileSync(copy, changed);
    const sarif = join(dir, 'out/memorder.sarif');
    const junit = join(dir, 'out/junit.xml');
    const json = join(dir, 'out/ci.json');
    const graphs = join(dir, 'out/graphs');
    const r = memorder('ci', '--no-cache', '--sarif', sarif, '--junit', junit, '--json', json, '--graph', graphs, specs);
    writeFileSync(copy, original);
    expect(r.code).toBe(1);
    const line = conditionLine(changed);
    expect(r.stdout).toContain(`${copy}:${line}:1: MP+wmb+rmb (lkmm): expected Sometimes, got Never (expected at ${copy}:4)`);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');

    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(1);
    const result = log.runs[0].results[0];
    expect(result.ruleId).toBe('memorder/mismatch');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(line);
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/\/specs\/MP\+wmb\+rmb\.litmus$/);

    const doc = (await parseJUnit(readFileSync(junit, 'utf8'))) as any;
    expect(doc).toMatchObject({ tests: 2, failures: 1, errors: 0 });
    const failing = doc.testsuite.flatMap((s: any) => s.testcase).filter((t: any) => t.failure);
    expect(failing.map((t: any) => t.name)).toEqual(['MP+wmb+rmb [lkmm]']);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.summary).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(report.cases.find((c: any) => c.status === 'fail')).toMatchObject({ name: 'MP+wmb+rmb', expected: 'Sometimes', actual: 'Never' });

    const pictures = JSON.parse(readFileSync(join(graphs, 'results.json'), 'utf8'));
    expect(pictures.entries.map((e: any) => [e.name, e.status, e.svg])).toEqual([
      ['MP+wmb+rmb', 'fail', undefined],
      ['MP', 'pass', 'MP.lkmm.svg'],
    ]);
  });

  it('serves the second run over an unchanged tree from the cache, with the same verdicts', () => {
    const cache = join(dir, 'cache');
    const first = memorder('ci', '--cache-dir', cache, '--json', join(dir, 'first.json'), specs);
    const second = memorder('ci', '--cache-dir', cache, '--json', join(dir, 'second.json'), specs);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.stdout).toContain('0 files from the cache');
    expect(second.stdout).toContain('2 files from the cache');
    const cases = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).cases;
    expect(cases('second.json')).toEqual(cases('first.json'));
  });

  it('gives the same cases in one process and with helpers, each process replaced after one file', () => {
    const one = memorder('ci', '--no-cache', '--jobs', '1', '--json', join(dir, 'j1.json'), 'specs/litmus/fences', specs);
    const two = memorderWith({ MEMORDER_WORKER_TASKS: '1', MEMORDER_HELPER_WORTH_MS: '0' }, 'ci', '--no-cache', '--jobs', '2', '--json', join(dir, 'j2.json'), 'specs/litmus/fences', specs);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const report = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const strip = (f: string) => report(f).cases.map((c: any) => ({ ...c, timeMs: 0 }));
    expect(strip('j2.json')).toEqual(strip('j1.json'));
    expect(strip('j1.json')).toHaveLength(4);
    expect(report('j1.json').processes).toEqual({ inProcess: 4, helpers: 0, byHelpers: 0 });
    // This process ran one file, helpers (one file each, one at a time) the other three.
    expect(report('j2.json').processes).toEqual({ inProcess: 1, helpers: 3, byHelpers: 3 });
  });

  it('starts no helper when the work is short', () => {
    const r = memorder('ci', '--no-cache', '--jobs', '2', '--json', join(dir, 'short.json'), specs);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'short.json'), 'utf8')).processes).toEqual({ inProcess: 2, helpers: 0, byHelpers: 0 });
  });

  it('reports a malformed file as file:line:col with exit 2, and still checks the rest', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'broken.litmus'), mp('Never').replace('WRITE_ONCE(*x, 1);', 'WRITE_ONCE(*x, 1)'));
    writeFileSync(join(bad, 'ok.litmus'), mp('Sometimes'));
    const r = memorder('ci', '--no-cache', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/broken\.litmus:\d+:\d+: unexpected token/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
    expect(r.stderr + r.stdout).not.toContain('    at ');
  });

  it('rejects a missing path with exit 2, or skips it with a message under --skip-missing', () => {
    const missing = join(dir, 'no-such-dir');
    const strict = memorder('ci', missing);
    expect(strict.code).toBe(2);
    expect(strict.stderr.trim()).toBe(`${missing}:1:1: no such file or directory`);
    const lenient = memorder('ci', '--no-cache', '--skip-missing', missing, join(specs, 'MP.litmus'));
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain(`memorder ci: skipping ${missing}: not found`);
  });
});

describe('memorder ci on scenario specs', () => {
  it('shares a spec\'s rows among processes and merges them back in the order one process gives', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const one = memorder('ci', '--no-cache', '--jobs', '1', '--json', join(dir, 'one.json'), dir);
    const three = memorderWith({ MEMORDER_HELPER_WORTH_MS: '0' }, 'ci', '--no-cache', '--jobs', '3', '--json', join(dir, 'three.json'), dir);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    const report = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const rows = (f: string) => report(f).cases.map((c: any) => `${c.model}/${c.variant ?? 'fixed'}: ${c.status}`);
    expect(rows('one.json')).toEqual(['lkmm/fixed: pass', 'lkmm/no-rmb: pass', 'sc/fixed: pass', 'sc/no-rmb: pass']);
    expect(rows('three.json')).toEqual(rows('one.json'));
    // Three parts (rows 0 and 3, row 1, row 2), one file.
    const { inProcess, byHelpers } = report('three.json').processes;
    expect(inProcess + byHelpers).toBe(3);
    expect(byHelpers).toBeGreaterThan(0);
    expect(report('three.json').files).toHaveLength(1);
  });

  it('fails when one expected verdict in a spec changes: exit 1, the spec and the barrier line named, valid SARIF, readable JUnit', async () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const spec = join(dir, 'mp.spec.ts');
    const ok = memorder('ci', '--no-cache', spec);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('4 passed, 0 failed');

    const changed = mpSpec().replace("'no-rmb': { drop: ['mp.consume'], expect: { lkmm: 'Sometimes'", "'no-rmb': { drop: ['mp.consume'], expect: { lkmm: 'Never'");
    expect(changed).not.toBe(mpSpec());
    writeFileSync(spec, changed);
    const sarif = join(dir, 'out.sarif');
    const junit = join(dir, 'junit.xml');
    const r = memorder('ci', '--no-cache', '--sarif', sarif, '--junit', junit, spec);
    expect(r.code).toBe(1);
    const barrier = MP_LIB.split('\n').findIndex((l) => l.includes('smp_rmb();')) + 1;
    const col = MP_LIB.split('\n')[barrier - 1]!.indexOf('smp_rmb') + 1;
    const expectLine = changed.split('\n').findIndex((l) => l.includes("'no-rmb'")) + 1;
    expect(r.stdout).toContain(`${join(dir, 'lib.ts')}:${barrier}:${col}: MP (lkmm/no-rmb): expected Never, got Sometimes (expected at ${spec}:${expectLine})`);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('3 passed, 1 failed');

    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: barrier, startColumn: col });
    expect(log.runs[0].results[0].relatedLocations.some((x: any) => x.physicalLocation.artifactLocation.uri.endsWith('lib.ts'))).toBe(true);
    const doc = (await parseJUnit(readFileSync(junit, 'utf8'))) as any;
    expect(doc).toMatchObject({ tests: 4, failures: 1 });
    expect(doc.testsuite[0].testcase.filter((t: any) => t.failure).map((t: any) => t.name)).toEqual(['MP [lkmm/no-rmb]']);
  });

  it('caches a spec under its imports: an unchanged tree comes from the cache, a changed import is rechecked', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const cache = join(dir, 'cache');
    const first = memorder('ci', '--cache-dir', cache, dir);
    expect(first.stdout).toContain('0 files from the cache');
    const second = memorder('ci', '--cache-dir', cache, dir);
    expect(second.stdout).toContain('1 files from the cache');
    writeFileSync(join(dir, 'lib.ts'), MP_LIB.replace('WRITE_ONCE(data, 42);', 'WRITE_ONCE(data, 43);'));
    const third = memorder('ci', '--cache-dir', cache, dir);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('0 files from the cache');
  });
});
