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
  it('resolves two conjunctions that differ in one literal (the guards of an if and its else, joined)', () => {
    const [g, c, d] = ['g', 'c', 'd'].map(boolVar) as [ReturnType<typeof boolVar>, ReturnType<typeof boolVar>, ReturnType<typeof boolVar>];
    expect(or(and(g, c), and(g, not(c)))).toBe(g);
    expect(or(and(g, d, c), and(d, not(c), g))).toBe(and(g, d));
    // Dually: (g | c) & (g | ~c) = g. And what follows: a guard without its own marking is empty.
    expect(and(or(g, c), or(g, not(c)))).toBe(g);
    expect(and(g, not(or(and(g, not(c)), and(g, c))))).toBe(FALSE);
    // Not resolvable: two literals differ, or none is the other's negation.
    const kept = or(and(g, c), and(not(g), not(c)));
    expect(kept.op).toBe('or');
    expect(or(and(g, c), and(g, d)).op).toBe('or');
  });
  it('evaluates under a valuation with C arithmetic', () => {
    const x = intVar('x');
    const t = ite(eq(x, int(3)), binary('div', int(-7), x), binary('band', x, int(6)));
    const at = (v: number) => new Evaluator({ bool: () => false, int: () => v }).int(t);
    expect(at(3)).toBe(-2); // C truncates toward zero
    expect(at(5)).toBe(4);
  });
});
