// Progress: a bar redrawn in place on a terminal, plain lines otherwise.
import { describe, expect, it } from 'vitest';
import { skippedCase } from '../../src/batch/cases.js';
import type { FileReport } from '../../src/batch/ci.js';
import { COLOUR } from '../../src/report/colour.js';
import { isPlain, Progress } from '../../src/report/progress.js';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 60, write: (s: string) => out.push(s) } };
};
const ok: FileReport = { file: 'specs/a.litmus', cached: true, found: [], cases: [{ ...skippedCase('specs/a.litmus', 'A', 'lkmm', { file: 'a', line: 1, col: 1 }, ''), status: 'pass' }] };
const bad: FileReport = { file: 'specs/b.litmus', cached: false, error: 'specs/b.litmus:1:1: bad' };

describe('progress', () => {
  it('is plain when not a terminal or under CI=true', () => {
    expect(isPlain({ isTTY: false, write: () => {} }, {})).toBe(true);
    expect(isPlain({ isTTY: true, write: () => {} }, { CI: 'true' })).toBe(true);
    expect(isPlain({ isTTY: true, write: () => {} }, {})).toBe(false);
  });

  it('writes one line per file when plain', () => {
    const { out, stream } = sink(false);
    const p = new Progress(stream, true);
    p.start(2, 1);
    p.file(ok, 1, 2);
    p.file(bad, 2, 2);
    p.finish();
    expect(out.join('')).toBe('checking 2 files (1 from the cache)\n[1/2] ok      specs/a.litmus (cached)\n[2/2] ERROR   specs/b.litmus\n');
  });

  it('colours the statuses of plain lines, keeping their columns', () => {
    const { out, stream } = sink(false);
    const p = new Progress(stream, true, COLOUR);
    p.file(ok, 1, 2);
    p.file(bad, 2, 2);
    expect(out).toEqual(['[1/2] \x1b[32mok\x1b[0m      specs/a.litmus (cached)\n', '[2/2] \x1b[1;31mERROR\x1b[0m   specs/b.litmus\n']);
  });

  it('redraws one bar in place on a terminal and clears it at the end', () => {
    const { out, stream } = sink(true);
    const p = new Progress(stream, false);
    p.start(2, 0);
    p.file(ok, 1, 2);
    p.file(bad, 2, 2);
    p.finish();
    expect(out.every((s) => !s.includes('\n'))).toBe(true);
    expect(out[0]).toBe(`\r\x1b[2K[${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 specs/a.litmus`);
    expect(out[1]).toContain('2/2 1 not ok');
    expect(out.at(-1)).toBe('\r\x1b[2K');
    expect(out.every((s) => s.replace(/\r\x1b\[2K/, '').length <= 60)).toBe(true);
  });
});

describe('progress on a terminal of unknown width', () => {
  it('assumes 80 columns and keeps the end of a long file name', () => {
    const out: string[] = [];
    const p = new Progress({ isTTY: true, columns: 0, write: (s: string) => out.push(s) }, false);
    const long: FileReport = { ...ok, file: `specs/${'deep/'.repeat(12)}test.litmus` };
    p.file(long, 1, 1);
    const shown = out[0]!.replace('\r\x1b[2K', '');
    expect(shown.length).toBeLessThanOrEqual(80);
    expect(shown).toMatch(/ …(deep\/)*[a-z/]*test\.litmus$/);
  });
});
