// SARIF output: valid against the SARIF 2.1.0 schema, one result per case
// that did not pass, located at the case's position, witness as related locations.
import { describe, expect, it } from 'vitest';
import { skippedCase, type CheckCase } from '../../src/batch/cases.js';
import type { CiRun } from '../../src/batch/ci.js';
import { parseErrorLine, toSarif } from '../../src/report/sarif.js';
import { sarifErrors } from './validators.js';

const root = '/repo';
const at = (file: string, line: number, col = 1) => ({ file, line, col });

function kase(status: CheckCase['status'], file: string): CheckCase {
  return {
    ...skippedCase(file, 'MP', 'lkmm', at(file, 20, 1), ''),
    status,
    expected: 'Never',
    actual: status === 'unknown' ? 'Unknown (solver: timeout)' : 'Sometimes',
    messages: status === 'pass' ? [] : ['expected Never, got Sometimes (expected at x:4)'],
    related: [
      { pos: at(file, 12, 2), message: 'P0: W x=1 (WRITE_ONCE)' },
      { pos: at(file, 4, 4), message: 'expectation (Result: line)' },
    ],
  };
}

const run: CiRun = {
  files: [],
  cases: [kase('pass', '/repo/specs/a.litmus'), kase('fail', '/repo/specs/b c+d#.litmus'), kase('unknown', '/elsewhere/e.litmus'), kase('skip', '/repo/f.litmus')],
  errors: ['/repo/specs/bad.litmus:6:9: expected \';\''],
  wallMs: 10,
  processes: { inProcess: 0, helpers: 0, byHelpers: 0 },
};

describe('SARIF', () => {
  const doc = toSarif(run, '0.1.0', root) as { version: string; runs: { results: Record<string, any>[]; tool: { driver: { rules: { id: string }[] } } }[] };
  const results = doc.runs[0]!.results;

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifErrors(doc)).toEqual([]);
    expect(doc.version).toBe('2.1.0');
    // The validator does reject what is not SARIF: a driver needs a name.
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
  });

  it('has one result per input error, mismatch and undecided case', () => {
    expect(results.map((r) => r.ruleId)).toEqual(['memorder/input', 'memorder/mismatch', 'memorder/unknown']);
    expect(results.every((r) => doc.runs[0]!.tool.driver.rules[r.ruleIndex]!.id === r.ruleId)).toBe(true);
  });

  it('locates a mismatch at its line, relative to the root, with the witness as related locations', () => {
    const m = results[1]!;
    expect(m.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'specs/b%20c+d%23.litmus', uriBaseId: 'SRCROOT' }, region: { startLine: 20, startColumn: 1 } });
    expect(m.message.text).toBe('MP (lkmm): expected Never, got Sometimes (expected at x:4)');
    expect(m.relatedLocations.map((r: any) => [r.physicalLocation.region.startLine, r.message.text])).toEqual([
      [12, 'P0: W x=1 (WRITE_ONCE)'],
      [4, 'expectation (Result: line)'],
    ]);
  });

  it('gives files outside the root as absolute file URIs', () => {
    expect(results[2]!.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/e.litmus' });
  });

  it('locates an input error at its position', () => {
    expect(results[0]!.locations[0].physicalLocation.region).toEqual({ startLine: 6, startColumn: 9 });
    expect(results[0]!.message.text).toBe("expected ';'");
  });

  it('reads back file:line:col lines, paths with colons included', () => {
    expect(parseErrorLine('a:b.litmus:3:4: bad: thing')).toEqual({ pos: { file: 'a:b.litmus', line: 3, col: 4 }, message: 'bad: thing' });
  });
});
