// herd7's output format (`verify --herd`): the condition as herd7 prints it
// and the per-quantifier Ok/No and witness counts, as herd-lkmm shows them
// for the same tests (~exists counts the states without the proposition as
// its positives; forall is Ok only when no state is against it).
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/engine/result.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { formatCondition } from '../../src/program/condition.js';
import { formatHerd } from '../../src/report/herd.js';

const SB_BODY = `{}
P0(int *x, int *y) { int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); }
P1(int *x, int *y) { int r0; WRITE_ONCE(*y, 1); r0 = READ_ONCE(*x); }
`;
const condition = (clause: string) => formatCondition(parseLitmus(`C t\n${SB_BODY}${clause}\n`, 't.litmus'));

describe('formatCondition', () => {
  it('writes conditions as herd7 does: [x] for memory, not (...), /\\ tighter than \\/, => loosest', () => {
    expect(condition('exists (0:r0=0 /\\ 1:r0=0)')).toBe('exists (0:r0=0 /\\ 1:r0=0)');
    expect(condition('exists (0:r0=1 /\\ (1:r0=0 \\/ 1:r0=1))')).toBe('exists (0:r0=1 /\\ (1:r0=0 \\/ 1:r0=1))');
    expect(condition('exists ((0:r0=1 /\\ 1:r0=0) \\/ x=1)')).toBe('exists (0:r0=1 /\\ 1:r0=0 \\/ [x]=1)');
    expect(condition('exists (0:r0=1 => ~1:r0=0)')).toBe('exists (0:r0=1 => not (1:r0=0))');
    expect(condition('exists (~(0:r0=1 \\/ 1:r0=0))')).toBe('exists (not (0:r0=1 \\/ 1:r0=0))');
    expect(condition('exists 0:r0=1')).toBe('exists (0:r0=1)');
    expect(condition('exists (0:r0=y)')).toBe('exists (0:r0=y)');
    expect(condition('~exists (0:r0=0 /\\ 1:r0=0)')).toBe('~exists (0:r0=0 /\\ 1:r0=0)');
    expect(condition('forall (0:r0=1 \\/ 1:r0=1)')).toBe('forall (0:r0=1 \\/ 1:r0=1)');
  });

  it('reads a test without a condition as forall (true), as herd7 does', () => {
    expect(condition('locations [x]')).toBe('forall (true)');
  });
});

const result = (over: Partial<TestResult>): TestResult => ({
  file: 't.litmus',
  name: 't',
  model: 'lkmm',
  verdict: 'Sometimes',
  condition: 'exists (1:r0=1 /\\ 1:r1=0)',
  states: [
    { '1:r0': 0, '1:r1': 0 },
    { '1:r0': 1, '1:r1': 0 },
  ],
  positive: 1,
  negative: 1,
  flags: [],
  timeMs: 1234,
  ...over,
});

describe('formatHerd', () => {
  it('prints the block herd7 prints for an exists test, ending in a blank line', () => {
    expect(formatHerd(result({ flags: ['data-race'] }), 'abc')).toBe(
      [
        'Test t Allowed',
        'States 2',
        '1:r0=0; 1:r1=0;',
        '1:r0=1; 1:r1=0;',
        'Ok',
        'Witnesses',
        'Positive: 1 Negative: 1',
        'Flag data-race',
        'Condition exists (1:r0=1 /\\ 1:r1=0)',
        'Observation t Sometimes 1 1',
        'Time t 1.23',
        'Hash=abc',
        '',
      ].join('\n'),
    );
  });

  it('~exists: Forbidden, No when some state has the proposition, witnesses counted for the negation', () => {
    const out = formatHerd(result({ condition: '~exists (1:r0=1 /\\ 1:r1=0)', positive: 1, negative: 3 }), 'h').split('\n');
    expect(out[0]).toBe('Test t Forbidden');
    expect(out).toContain('No');
    expect(out).toContain('Positive: 3 Negative: 1');
    expect(out).toContain('Observation t Sometimes 1 3');
    const never = formatHerd(result({ condition: '~exists (1:r0=1)', verdict: 'Never', positive: 0, negative: 2 }), 'h').split('\n');
    expect(never).toContain('Ok');
  });

  it('forall: Required, Ok only when no state is against it', () => {
    const some = formatHerd(result({ condition: 'forall (1:r0=0)', positive: 3, negative: 1 }), 'h').split('\n');
    expect([some[0], some.includes('No'), some.includes('Positive: 3 Negative: 1')]).toEqual(['Test t Required', true, true]);
    const always = formatHerd(result({ condition: 'forall (1:r0=0)', verdict: 'Always', positive: 2, negative: 0 }), 'h').split('\n');
    expect(always).toContain('Ok');
  });

  it('an Unknown verdict has no Observation line (the kernel scripts report a verification error), but its reason', () => {
    const out = formatHerd(result({ verdict: 'Unknown', reason: 'solver: timeout', states: [] }), 'h');
    expect(out).not.toMatch(/^Observation/m);
    expect(out).not.toMatch(/^(Ok|No)$/m);
    expect(out).toMatch(/^Unknown solver: timeout$/m);
  });
});
