import { describe, expect, it } from 'vitest';
import { and, binary, boolVar, eq, Evaluator, FALSE, int, intVar, ite, not, or, TRUE } from '../../src/logic/term.js';

describe('terms', () => {
  it('hash-conses: equal terms are the same object, whatever the argument order', () => {
    const a = boolVar('a');
    const b = boolVar('b');
    expect(and(a, b)).toBe(and(b, a));
    expect(eq(intVar('x'), int(1))).toBe(eq(int(1), intVar('x')));
  });
  it('folds constants and complementary literals', () => {
    const a = boolVar('a');
    expect(and(a, TRUE)).toBe(a);
    expect(and(a, FALSE)).toBe(FALSE);
    expect(or(a, not(a))).toBe(TRUE);
    expect(and(a, not(a))).toBe(FALSE);
    expect(binary('add', int(2), int(3))).toBe(int(5));
    expect(eq(int(2), int(3))).toBe(FALSE);
    expect(ite(TRUE, int(1), intVar('y'))).toBe(int(1));
  });
  it('evaluates under a valuation with C arithmetic', () => {
    const x = intVar('x');
    const t = ite(eq(x, int(3)), binary('div', int(-7), x), binary('band', x, int(6)));
    const at = (v: number) => new Evaluator({ bool: () => false, int: () => v }).int(t);
    expect(at(3)).toBe(-2); // C truncates toward zero
    expect(at(5)).toBe(4);
  });
});
