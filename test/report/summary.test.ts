// The end of ci's output: table, problem lines, closing line.
import { describe, expect, it } from 'vitest';
import { skippedCase, type CheckCase } from '../../src/batch/cases.js';
import type { CiRun } from '../../src/batch/ci.js';
import { COLOUR, stripAnsi } from '../../src/report/colour.js';
import { closingLine, countCases, formatSummary } from '../../src/report/summary.js';

const kase = (file: string, status: CheckCase['status'], msg = 'expected Never, got Sometimes'): CheckCase => ({
  ...skippedCase(file, 'T', 'lkmm', { file, line: 7, col: 1 }, msg),
  status,
});

describe('summary', () => {
  it('closes with N passed, N failed, and N skipped only where any were', () => {
    expect(closingLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
    expect(closingLine({ passed: 3, failed: 1, skipped: 2 })).toBe('3 passed, 1 failed, 2 skipped');
  });

  it('counts Unknown and unreadable files as failed', () => {
    expect(countCases([kase('a', 'pass'), kase('a', 'unknown'), kase('a', 'fail'), kase('a', 'skip')], 1)).toEqual({ passed: 1, failed: 3, skipped: 1 });
  });

  it('tabulates per folder and model (variants within their model), then lists each problem at its position', () => {
    const cases = [kase('x/a.litmus', 'pass'), { ...kase('x/b.litmus', 'fail'), variant: 'no-mb' }, kase('y/c.litmus', 'skip')];
    const run: CiRun = {
      files: [
        { file: 'x/a.litmus', cached: true, found: [], cases: [cases[0]!] },
        { file: 'x/b.litmus', cached: false, found: [], cases: [cases[1]!] },
        { file: 'y/c.litmus', cached: false, found: [], cases: [cases[2]!] },
      ],
      cases,
      errors: ['y/d.litmus:3:1: bad'],
      wallMs: 1234,
      processes: { inProcess: 1, helpers: 1, byHelpers: 1 },
    };
    const lines = formatSummary(run).split('\n');
    expect(lines[0]).toMatch(/^folder\s+model\s+cases\s+passed\s+failed\s+unknown\s+skipped\s+cached$/);
    expect(lines[2]).toMatch(/^x\s+lkmm\s+2\s+1\s+1\s+0\s+0\s+1$/);
    expect(lines[3]).toMatch(/^y\s+lkmm\s+1\s+0\s+0\s+0\s+1\s+0$/);
    expect(lines).toContain('y/d.litmus:3:1: bad');
    expect(lines).toContain('x/b.litmus:7:1: T (lkmm/no-mb): expected Never, got Sometimes');
    expect(lines).toContain('3 files, 3 cases, 1 files from the cache, 1.2 s (tasks: 1 here, 1 in 1 helper process)');
    expect(lines.at(-1)).toBe('1 passed, 2 failed, 1 skipped');
    // In colour: the failed counts red, the table aligned as without colour.
    const coloured = formatSummary(run, COLOUR);
    expect(stripAnsi(coloured)).toBe(lines.join('\n'));
    expect(coloured.split('\n')[2]).toContain('\x1b[1;31m1\x1b[0m');
    expect(coloured.split('\n').at(-1)).toBe('1 passed, \x1b[1;31m2 failed\x1b[0m, 1 skipped');
  });

  it('colours the closing line green when all passed', () => {
    expect(closingLine({ passed: 3, failed: 0, skipped: 0 }, COLOUR)).toBe('\x1b[32m3 passed\x1b[0m, 0 failed');
  });
});
