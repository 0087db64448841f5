// --graph DIR: DOT and SVG per witness, and the results.json manifest.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { fromResult, readManifest, writePictures } from '../../src/report/pictures.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { mp } from '../fixtures/litmus.js';

describe('writePictures', () => {
  afterAll(shutdownZ3);

  it('writes DOT and SVG for results with a witness, none for others, and a manifest report reads back', async () => {
    const model = loadModel('lkmm');
    const sometimes = await verifyProgram(parseLitmus(mp(undefined, 'MP'), 'mp.litmus'), { model, unroll: 4 });
    const never = await verifyProgram(parseLitmus(mp(undefined, 'MP').replace('exists (1:r0=1 /\\ 1:r1=0)', 'exists (1:r0=2)'), 'mp2.litmus'), { model, unroll: 4 });
    expect(sometimes.witness).toBeDefined();
    expect(never.witness).toBeUndefined();
    const dir = join(mkdtempSync(join(tmpdir(), 'memorder-pics-')), 'out');
    const m = await writePictures(dir, 'verify', [fromResult(sometimes), fromResult(never), fromResult(sometimes)]);
    expect(m.entries.map((e) => e.svg)).toEqual(['MP.lkmm.svg', undefined, 'MP.lkmm.2.svg']);
    expect(readFileSync(join(dir, 'MP.lkmm.dot'), 'utf8')).toMatch(/^digraph "MP" \{/);
    expect(readFileSync(join(dir, 'MP.lkmm.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(join(dir, 'MP.lkmm.2.dot'))).toBe(true);
    expect(readManifest(dir)).toEqual(m);
    expect(m.entries[0]).toMatchObject({ name: 'MP', model: 'lkmm', actual: 'Sometimes', states: 4 });
  });

  it('reports a folder without results, or with a foreign results.json, as bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memorder-pics-'));
    expect(() => readManifest(dir)).toThrow(/results\.json:1:1: no results here/);
    writeFileSync(join(dir, 'results.json'), '{"a": 1}');
    expect(() => readManifest(dir)).toThrow(/results\.json:1:1: not a memorder results file/);
  });
});
