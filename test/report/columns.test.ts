// Text tables of `verify`: columns sized for the whole run (names known up
// front, widened per file, never narrowed), counted without colour codes.
import { describe, expect, it } from 'vitest';
import type { SpecResult, SpecRow } from '../../src/check/spec.js';
import type { TestResult, Verdict } from '../../src/engine/result.js';
import { COLOUR, PLAIN, stripAnsi } from '../../src/report/colour.js';
import { Columns, specColumns } from '../../src/report/columns.js';
import { formatSpecResult, formatSpecRow, formatSpecWitness } from '../../src/report/spec.js';
import { Naming } from '../../src/program/naming.js';
import { comparisonColumns, formatComparison, formatComparisonHeader, VerifyTally } from '../../src/report/text.js';

const pos = { file: 'x.spec.ts', line: 1, col: 1 };

function result(name: string, model: string, verdict: Verdict, flags: string[] = []): TestResult {
  return { file: `${name}.litmus`, name, model, condition: '', verdict, states: [], positive: 0, negative: 0, flags, timeMs: 1 };
}

function row(model: string, variant: string, verdict: Verdict, expected: Verdict): SpecRow {
  return { model, variant, verdict, expected, match: verdict === expected, expectPos: pos, threads: [], result: result('S', model, verdict) } as SpecRow;
}

function spec(file: string, rows: SpecRow[]): SpecResult {
  return { file, name: 'S', pos, forbiddenPos: pos, imports: [], barriers: [], rows, skipped: [], compileMs: 0, timeMs: 0 };
}

describe('Columns', () => {
  it('start at their minimum, widen to the widest cell, and never narrow', () => {
    const c = new Columns({ a: 3 });
    expect(c.pad('a', 'x')).toBe('x  ');
    c.fit({ a: ['longer'] });
    expect(c.width('a')).toBe(6);
    c.fit({ a: ['s'] });
    expect(c.pad('a', 'x')).toBe('x     ');
    c.fit({ a: [COLOUR.bad('sevenxx')] });
    expect(c.width('a')).toBe(7);
  });
});

describe('spec rows', () => {
  it('print as before when every name fits the old widths', () => {
    const r = spec('specs/a.spec.ts', [row('lkmm', 'fixed', 'Never', 'Never'), row('sc', 'no-rmb', 'Sometimes', 'Never')]);
    expect(formatSpecResult(r).split('\n')).toEqual([
      `specs/a.spec.ts  lkmm   ${'fixed'.padEnd(24)} Never     expected Never     ok`,
      `specs/a.spec.ts  sc     ${'no-rmb'.padEnd(24)} Sometimes expected Never     MISMATCH`,
    ]);
  });

  it('line up over the files of a run: long variants, files of different lengths', () => {
    const files = ['a.spec.ts', 'specs/mm/a-much-longer-file-name.spec.ts'];
    const cols = specColumns(files, ['lkmm', 'armv8']);
    const first = formatSpecResult(spec(files[0]!, [row('lkmm', 'no-rmb-in-gup-must-unshare-and-then-some', 'Sometimes', 'Sometimes'), row('armv8', 'fixed', 'Never', 'Never')]), cols);
    const second = formatSpecResult(spec(files[1]!, [row('lkmm', 'fixed', 'Never', 'Sometimes')]), cols);
    const lines = [...first.split('\n'), ...second.split('\n')];
    // The model column starts two spaces after the longest file name; verdict and `expected` at one offset on every row.
    const model = files[1]!.length + 2;
    expect(lines.map((l) => l.search(/ (lkmm|armv8) /) + 1)).toEqual([model, model, model]);
    expect(new Set(lines.map((l) => l.search(/ (Never|Sometimes) /))).size).toBe(1);
    expect(new Set(lines.map((l) => l.indexOf('expected'))).size).toBe(1);
  });

  it('widen within a file before printing it, and count no colour codes', () => {
    const r = spec('s.spec.ts', [row('lkmm', 'fixed', 'Never', 'Never'), row('lkmm', 'a-variant-name-longer-than-twenty-four', 'Sometimes', 'Never')]);
    const plain = formatSpecResult(r, specColumns(), PLAIN);
    const coloured = formatSpecResult(r, specColumns(), COLOUR);
    expect(coloured).not.toBe(plain);
    expect(coloured).toContain('\x1b[1;31mMISMATCH\x1b[0m');
    expect(stripAnsi(coloured)).toBe(plain);
    const [a, b] = plain.split('\n');
    expect(a!.indexOf('expected')).toBe(b!.indexOf('expected'));
    // A row alone keeps its own widths (the old default for one file).
    expect(formatSpecRow(r, r.rows[0]!)).toBe(`s.spec.ts  lkmm   ${'fixed'.padEnd(24)} Never     expected Never     ok`);
  });
});

describe('the side-by-side table', () => {
  const models = ['lkmm', 'x86', 'herd:linux-kernel.cat'];
  const name = 'ISA2+pooncerelease+poacquirerelease+poacquireonce+and-more';
  const rows = [
    [result('MP', 'lkmm', 'Sometimes', ['data-race']), result('MP', 'x86', 'Never'), result('MP', models[2]!, 'Sometimes')],
    [result(name, 'lkmm', 'Never'), result(name, 'x86', 'Never'), result(name, models[2]!, 'Unknown')],
  ];

  it('starts each model column at one offset in the header and every row, whatever the test and model names', () => {
    const cols = comparisonColumns(models, ['MP', name]);
    const lines = [formatComparisonHeader(models, cols), ...rows.map((r) => formatComparison(r, cols).split('\n')[0]!)];
    const starts = (l: string) => [...l.matchAll(/(?<= )\S/g)].map((m) => m.index);
    expect(starts(lines[0]!)).toEqual(starts(lines[1]!));
    expect(starts(lines[1]!)).toEqual(starts(lines[2]!));
    expect(lines[0]!.indexOf('lkmm')).toBe(name.length + 1);
  });

  it('keeps today\'s widths when the names fit them', () => {
    expect(formatComparisonHeader(['lkmm', 'sc'])).toBe(`${'test'.padEnd(48)} ${'lkmm'.padEnd(11)} sc`);
    expect(formatComparison([result('MP', 'lkmm', 'Sometimes'), result('MP', 'sc', 'Never')])).toBe(`${'MP'.padEnd(48)} ${'Sometimes'.padEnd(11)} Never`);
  });

  it('widens the name column for a name longer than those known, and aligns coloured verdicts', () => {
    const cols = comparisonColumns(models);
    const plain = formatComparison(rows[1]!, cols);
    const coloured = formatComparison(rows[1]!, comparisonColumns(models), COLOUR);
    expect(plain.startsWith(`${name} Never`)).toBe(true);
    expect(coloured).toContain('\x1b[31mUnknown\x1b[0m');
    expect(stripAnsi(coloured)).toBe(plain);
  });
});

describe("verify's closing line", () => {
  it('colours the counts that are not 0 and reads the same without the codes', () => {
    const t = new VerifyTally();
    t.add({ file: 'a.litmus', results: [result('A', 'lkmm', 'Sometimes')] });
    t.add({ file: 'b.litmus', results: [result('B', 'lkmm', 'Never')] });
    t.add({ file: 's.spec.ts', spec: spec('s.spec.ts', [row('lkmm', 'fixed', 'Never', 'Never'), row('lkmm', 'v', 'Never', 'Sometimes')]) });
    const plain = '2 tests: 1 Never, 1 Sometimes, 0 Always, 0 Unknown; 2 spec checks: 1 ok, 1 MISMATCH';
    expect(t.line(1)).toBe(plain);
    const coloured = t.line(1, COLOUR);
    expect(stripAnsi(coloured)).toBe(plain);
    expect(coloured).toContain('1 \x1b[32mNever\x1b[0m');
    expect(coloured).toContain('0 Always');
    expect(coloured).toContain('\x1b[1;31m1 MISMATCH\x1b[0m');
  });
});

describe('spec witness lines', () => {
  it('start the label and the function at one offset on every event, however long the access', () => {
    const pos = (line: number) => ({ file: 'specs/mm/hugetlb_vmemmap.ts', line, col: 3, fn: 'vmemmapRemapPte' });
    const w = {
      events: [
        { id: 0, thread: -1, kind: 'W' as const, label: 'init', location: 'x', value: 0, tags: [] },
        { id: 1, thread: 0, kind: 'R' as const, label: 'READ_ONCE', location: 'page.compound_head_with_a_long_name', value: 12345, tags: [], pos: pos(10) },
        { id: 2, thread: 1, kind: 'W' as const, label: 'smp_store_release_with_a_long_primitive_name', location: 'x', value: 1, tags: [], pos: pos(20) },
        { id: 3, thread: 1, kind: 'F' as const, label: 'smp_mb', tags: [], pos: pos(21) },
      ],
      rf: [],
      co: {},
      state: { '0:result': 1 },
    };
    const lines = formatSpecWitness(w, new Naming(['hvo', 'gup'], true)).filter((l) => l.includes('vmemmapRemapPte'));
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.indexOf('vmemmapRemapPte'))).size).toBe(1);
    expect(new Set(lines.map((l) => l.search(/READ_ONCE|smp_/))).size).toBe(1);
  });
});
