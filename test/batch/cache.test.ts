// The results cache: keyed by content, never serving a changed file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsFingerprint, ResultCache, toolFingerprint } from '../../src/batch/cache.js';
import { skippedCase, type CheckCase } from '../../src/batch/cases.js';

const dir = mkdtempSync(join(tmpdir(), 'memorder-cache-'));
const file = join(dir, 't.litmus');
const input = join(dir, 't.litmus.expected');
const cases = (status: CheckCase['status']): CheckCase[] => [{ ...skippedCase(file, 'T', 'lkmm', { file, line: 1, col: 1 }, 'x'), status }];

describe('ResultCache', () => {
  it('stores and serves cases under a content key', () => {
    writeFileSync(file, 'one');
    const cache = new ResultCache(join(dir, 'c1'), { unroll: 4 });
    const k = cache.key(file, [input]);
    expect(cache.get(k)).toBeUndefined();
    cache.put(k, cases('pass'));
    expect(cache.get(k)).toEqual(cases('pass'));
    expect(new ResultCache(join(dir, 'c1'), { unroll: 4 }).get(k)).toEqual(cases('pass'));
  });

  it('changes the key when the file, an input, or a setting changes', () => {
    writeFileSync(file, 'one');
    rmSync(input, { force: true });
    const cache = new ResultCache(join(dir, 'c2'), { unroll: 4 });
    const k0 = cache.key(file, [input]);
    writeFileSync(input, '');
    const k1 = cache.key(file, [input]);
    writeFileSync(input, 'Observation');
    const k2 = cache.key(file, [input]);
    writeFileSync(file, 'two');
    const k3 = cache.key(file, [input]);
    const k4 = new ResultCache(join(dir, 'c2'), { unroll: 5 }).key(file, [input]);
    expect(new Set([k0, k1, k2, k3, k4]).size).toBe(5);
  });

  it('does not keep undecided results', () => {
    const cache = new ResultCache(join(dir, 'c3'), {});
    const k = cache.key(file, []);
    cache.put(k, cases('unknown'));
    expect(cache.get(k)).toBeUndefined();
  });

  it('fingerprints the tool and the models as stable hashes', () => {
    expect(toolFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(toolFingerprint()).toBe(toolFingerprint());
    expect(modelsFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('ResultCache with inputs found while checking', () => {
  it('serves cases only while every found input (an import) keeps its content', () => {
    const imported = join(dir, 'lib.ts');
    writeFileSync(file, 'spec');
    writeFileSync(imported, 'v1');
    const cache = new ResultCache(join(dir, 'c4'), {});
    const k = cache.key(file, []);
    cache.put(k, cases('pass'), [imported]);
    expect(cache.get(k)).toEqual(cases('pass'));
    writeFileSync(imported, 'v2');
    expect(cache.get(k)).toBeUndefined();
    writeFileSync(imported, 'v1');
    expect(cache.get(k)).toEqual(cases('pass'));
    rmSync(imported);
    expect(cache.get(k)).toBeUndefined();
  });
});
