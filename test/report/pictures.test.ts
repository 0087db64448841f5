// --graph DIR: DOT and SVG per witness, and the results.json manifest.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { fromCase, fromResult, fromSpecRow, readManifest, writePictures } from '../../src/report/pictures.js';
import { specSource } from '../../src/batch/sources.js';
import { checkSpecFile } from '../../src/check/spec.js';
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

  it("names a spec witness alike from verify and from ci, and draws it with the spec's thread names and file:line", async () => {
    const file = 'specs/mm/gup-fast-vs-ksm.spec.ts';
    // Row 1 of 12: lkmm, variant no-mb-after-pin (Sometimes, with a witness).
    const part = { index: 1, of: 12 };
    const spec = await checkSpecFile(file, { part });
    expect(spec.rows.map((r) => [r.model, r.variant, r.verdict])).toEqual([['lkmm', 'no-mb-after-pin', 'Sometimes']]);
    const { cases } = await specSource.check(file, { unroll: 4 }, part);
    expect(cases.map((c) => [c.model, c.variant, c.threads])).toEqual([['lkmm', 'no-mb-after-pin', ['gup', 'ksm']]]);
    const root = mkdtempSync(join(tmpdir(), 'memorder-pics-'));
    const verify = await writePictures(join(root, 'verify'), 'verify', spec.rows.map((r) => fromSpecRow(spec, r)));
    const ci = await writePictures(join(root, 'ci'), 'ci', cases.map(fromCase));
    const names = (m: typeof ci) => m.entries.map((e) => [e.dot, e.svg]);
    expect(names(verify)).toEqual(names(ci));
    expect(verify.entries[0]!.svg).toBe('GUP-fast_FOLL_PIN_FOLL_WRITE_vs_KSM_write_protect_page.lkmm.no-mb-after-pin.svg');
    for (const dir of ['verify', 'ci']) {
      const dot = readFileSync(join(root, dir, verify.entries[0]!.dot!), 'utf8');
      expect(dot).toMatch(/subgraph cluster_P0 \{\s*label="gup";/);
      expect(dot).toMatch(/subgraph cluster_P1 \{\s*label="ksm";/);
      expect(dot).toContain('READ_ONCE, specs/mm/pgtable.ts:34');
      expect(dot).not.toMatch(/, line \d+"/);
      expect(dot).toContain('final state: r.gup=1 r.ksm=1');
      const svg = readFileSync(join(root, dir, verify.entries[0]!.svg!), 'utf8');
      expect(svg).toContain('>gup</text>');
      expect(svg).toContain('>ksm</text>');
    }
  });

  it('draws litmus tests with P0..Pn and line numbers', async () => {
    const r = await verifyProgram(parseLitmus(mp(undefined, 'MP'), 'mp.litmus'), { model: loadModel('lkmm'), unroll: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'memorder-pics-'));
    await writePictures(dir, 'verify', [fromResult(r)]);
    const dot = readFileSync(join(dir, 'MP.lkmm.dot'), 'utf8');
    expect(dot).toMatch(/subgraph cluster_P0 \{\s*label="P0";/);
    expect(dot).toMatch(/subgraph cluster_P1 \{\s*label="P1";/);
    expect(dot).toMatch(/WRITE_ONCE, line \d+"/);
    expect(dot).not.toContain('mp.litmus:');
  });

  it('reports a folder without results, or with a foreign results.json, as bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memorder-pics-'));
    expect(() => readManifest(dir)).toThrow(/results\.json:1:1: no results here/);
    writeFileSync(join(dir, 'results.json'), '{"a": 1}');
    expect(() => readManifest(dir)).toThrow(/results\.json:1:1: not a memorder results file/);
  });
});
