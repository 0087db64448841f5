import { describe, expect, it } from 'vitest';
import { ChoiceViolation, ConcreteChoices, SymbolicChoices } from '../../src/cat/choices.js';
import { boolVar, FALSE, implies, int, intVar, lt, TRUE } from '../../src/logic/term.js';

describe('choice providers', () => {
  it('name each with statement alike in symbolic and concrete runs', () => {
    const s = new SymbolicChoices();
    const c = new ConcreteChoices({ bool: () => true, int: () => 3 });
    expect([s.nextPrefix(), s.nextPrefix()]).toEqual(['ch0', 'ch1']);
    expect([c.nextPrefix(), c.nextPrefix()]).toEqual(['ch0', 'ch1']);
  });

  it('symbolic: fresh variables, constraints collected', () => {
    const s = new SymbolicChoices('w');
    expect(s.bool('w0_a')).toBe(boolVar('w0_a'));
    expect(s.int('w0_r1')).toBe(intVar('w0_r1'));
    s.require(TRUE, 'nothing');
    s.require(boolVar('x'), 'x');
    expect(s.constraints).toEqual([boolVar('x')]);
  });

  it('concrete: solver values, requirements checked', () => {
    const c = new ConcreteChoices({ bool: (n) => n === 'yes', int: (n) => (n === 'a' ? 1 : 2) });
    expect(c.bool('yes')).toBe(TRUE);
    expect(c.bool('no')).toBe(FALSE);
    expect(c.int('a')).toBe(int(1));
    c.require(lt(c.int('a'), c.int('b')), 'a before b');
    expect(() => c.require(lt(c.int('b'), c.int('a')), 'b before a')).toThrow(ChoiceViolation);
    expect(() => c.require(implies(boolVar('free'), FALSE), 'free')).toThrow(/not concrete/);
  });
});
