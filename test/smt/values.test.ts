// Programs with bitwise operators are encoded over 32-bit bit-vectors (C's
// int), others over Ints; ranks stay Ints in both. Both give C's answers.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { before, int, lt, rankVar, intVar } from '../../src/logic/term.js';
import { SmtlibPrinter } from '../../src/smt/smtlib.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const run = (body: string, cond: string) =>
  verifyProgram(parseLitmus(`C values\n{ x = 0; }\nP0(int *x)\n{\n\tint r0;\n\tint r1;\n${body}\n}\nexists (${cond})\n`, 'values.litmus'), {
    model: loadModel('lkmm'),
    unroll: 4,
  });

describe('value encoding', () => {
  afterAll(shutdownZ3);

  it('prints values as bit-vectors and ranks as Ints in bit-vector mode', () => {
    const bv = new SmtlibPrinter('bv32').assertAll([lt(intVar('v'), int(-1)), before(rankVar('r1'), rankVar('r2'))]);
    expect(bv).toContain('(declare-const v (_ BitVec 32))');
    expect(bv).toContain('(declare-const r1 Int)');
    expect(bv).toContain(`(bvslt v (_ bv${2 ** 32 - 1} 32))`);
    expect(bv).toContain('(< r1 r2)');
    const ints = new SmtlibPrinter('int').assertAll([lt(intVar('v'), int(-1))]);
    expect(ints).toContain('(declare-const v Int)');
    expect(ints).toContain('(< v (- 1))');
  });

  it('computes C bitwise results, with negative numbers (bit-vector mode)', async () => {
    const r = await run('\tWRITE_ONCE(*x, -6);\n\tr0 = READ_ONCE(*x) & 3;\n\tr1 = (READ_ONCE(*x) | 1) ^ ~4;', '0:r0=2 /\\ 0:r1=0');
    expect(r.verdict).toBe('Always');
    expect(r.states).toEqual([{ '0:r0': 2, '0:r1': 0 }]);
  });

  it('divides truncating toward zero in both modes', async () => {
    const ints = await run('\tWRITE_ONCE(*x, -7);\n\tr0 = READ_ONCE(*x) / 2;\n\tr1 = READ_ONCE(*x) % 2;', '0:r0=-3 /\\ 0:r1=-1');
    expect(ints.verdict).toBe('Always');
    const bv = await run('\tWRITE_ONCE(*x, -7);\n\tr0 = READ_ONCE(*x) / 2;\n\tr1 = (READ_ONCE(*x) % 2) & 255;', '0:r0=-3 /\\ 0:r1=255');
    expect(bv.verdict).toBe('Always');
    // Listed once: the enumeration blocked the negative bit-vector value it found.
    expect(bv.states).toEqual([{ '0:r0': -3, '0:r1': 255 }]);
  });
});
