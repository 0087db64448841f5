// JUnit XML output, read back by junit2json.
import { describe, expect, it } from 'vitest';
import { skippedCase, type CheckCase } from '../../src/batch/cases.js';
import type { CiRun } from '../../src/batch/ci.js';
import { escapeXml, toJUnit } from '../../src/report/junit.js';
import { parseJUnit } from './validators.js';

const kase = (status: CheckCase['status'], name: string, variant = ''): CheckCase => ({
  ...skippedCase('specs/t.litmus', name, 'lkmm', { file: 'specs/t.litmus', line: 9, col: 1 }, 'no expectation'),
  variant,
  status,
  messages: status === 'pass' ? [] : status === 'skip' ? ['no expectation'] : ['expected Never, got Sometimes <&>'],
  timeMs: 1500,
});

const run: CiRun = {
  files: [
    { file: 'specs/t.litmus', cached: false, found: [], cases: [kase('pass', 'A'), kase('fail', 'B', 'no-mb'), kase('unknown', 'C'), kase('skip', 'D')] },
    { file: 'specs/bad.litmus', error: "specs/bad.litmus:6:9: expected ';'" },
  ],
  cases: [],
  errors: [],
  wallMs: 2000,
  processes: { inProcess: 0, helpers: 0, byHelpers: 0 },
};

describe('JUnit XML', () => {
  it('is read back by a JUnit parser: one testcase per file × model × variant', async () => {
    const doc = (await parseJUnit(toJUnit(run))) as any;
    expect(doc).toMatchObject({ name: 'memorder ci', tests: 5, failures: 1, errors: 2 });
    const [suite, bad] = doc.testsuite;
    expect(suite).toMatchObject({ name: 'specs/t.litmus', tests: 4, failures: 1, errors: 1, skipped: 1 });
    expect(suite.testcase.map((t: any) => t.name)).toEqual(['A [lkmm]', 'B [lkmm/no-mb]', 'C [lkmm]', 'D [lkmm]']);
    expect(suite.testcase[0].time).toBe(1.5);
    expect(suite.testcase[0].failure).toBeUndefined();
    expect(suite.testcase[1].failure[0]).toMatchObject({ message: 'expected Never, got Sometimes <&>', type: 'mismatch' });
    expect(suite.testcase[1].failure[0].inner).toContain('expected Never, got Sometimes <&>');
    expect(suite.testcase[2].error[0].type).toBe('Unknown');
    expect(suite.testcase[3].skipped[0].message).toBe('no expectation');
    expect(bad.testcase[0].error[0].message).toBe("specs/bad.litmus:6:9: expected ';'");
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
