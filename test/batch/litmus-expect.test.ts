// Expectations of litmus tests: kernel-style `Result:` lines and sibling herd7 output.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { herdOutputClaims, litmusExpectation, resultLineClaims } from '../../src/batch/litmus-expect.js';
import { InputError } from '../../src/program/errors.js';

const withResult = (line: string) => `C T\n\n(*\n * ${line}\n *\n * Some words.\n *)\n\n{}\n`;

describe('Result: lines', () => {
  it('reads a verdict and says the data-race flag must stay down', () => {
    const claims = resultLineClaims(withResult('Result: Never'), 't.litmus');
    expect(claims).toEqual([
      { kind: 'verdict', verdict: 'Never', pos: { file: 't.litmus', line: 4, col: 4 } },
      { kind: 'flag', flag: 'data-race', raised: false, pos: { file: 't.litmus', line: 4, col: 4 } },
    ]);
  });

  it('reads DATARACE after the verdict as the flag raised', () => {
    const claims = resultLineClaims(withResult('Result: Sometimes DATARACE'), 't.litmus')!;
    expect(claims.map((c) => c.kind)).toEqual(['verdict', 'flag']);
    expect(claims[1]).toMatchObject({ flag: 'data-race', raised: true });
  });

  it('reads DEADLOCK as "no allowed execution"', () => {
    const claims = resultLineClaims(withResult('Result: DEADLOCK'), 't.litmus')!;
    expect(claims[0]).toMatchObject({ kind: 'deadlock' });
  });

  it('reads DATARACE alone as a flag claim without a verdict', () => {
    const claims = resultLineClaims(withResult('Result: DATARACE'), 't.litmus')!;
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ kind: 'flag', raised: true });
  });

  it('is absent when the test has no Result: line', () => {
    expect(resultLineClaims('C T\n{}\n', 't.litmus')).toBeUndefined();
  });

  it('rejects an unknown value at its position', () => {
    try {
      resultLineClaims(withResult('Result: Maybe'), 't.litmus');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/^t\.litmus:4:4: unknown Result: 'Maybe'/);
    }
  });
});

describe('herd7 output beside a test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memorder-expect-'));
  const herd = [
    'Test T Allowed',
    'States 2',
    '1:r0=0;',
    '1:r0=1;',
    'Ok',
    'Witnesses',
    'Positive: 1 Negative: 1',
    'Flag data-race',
    'Condition exists (1:r0=1)',
    'Observation T Sometimes 1 1',
    '',
  ].join('\n');

  it('claims the verdict, the exact states and the flags', () => {
    const f = join(dir, 'a.litmus.expected');
    writeFileSync(f, herd);
    const claims = herdOutputClaims(f);
    expect(claims[0]).toMatchObject({ kind: 'verdict', verdict: 'Sometimes', pos: { line: 10 } });
    expect(claims[1]).toMatchObject({ kind: 'states', states: [{ '1:r0': 0 }, { '1:r0': 1 }], pos: { line: 2 } });
    expect(claims[2]).toMatchObject({ kind: 'flag', flag: 'data-race', raised: true });
  });

  it('reports output without an Observation line as bad input', () => {
    const f = join(dir, 'b.litmus.expected');
    writeFileSync(f, 'Test T Allowed\nStates 0\n');
    expect(() => herdOutputClaims(f)).toThrow(/b\.litmus\.expected:1:1: no Observation line/);
  });

  it('joins both sources when a test has a Result: line and a .expected file', () => {
    const f = join(dir, 'c.litmus');
    writeFileSync(`${f}.expected`, herd);
    const e = litmusExpectation(withResult('Result: Never'), f)!;
    expect(e.source).toBe('Result: line + herd7 output');
    expect(e.claims.filter((c) => c.kind === 'verdict').map((c) => (c as { verdict: string }).verdict)).toEqual(['Never', 'Sometimes']);
  });

  it('has no expectation when neither exists', () => {
    expect(litmusExpectation('C T\n{}\n', join(dir, 'none.litmus'))).toBeUndefined();
  });
});
