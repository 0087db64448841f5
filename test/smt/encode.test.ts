import { afterAll, describe, expect, it } from 'vitest';
import { boolVar, not } from '../../src/logic/term.js';
import { Relation } from '../../src/relations/relation.js';
import { acyclicConstraints, checkHolds } from '../../src/smt/encode.js';
import { SmtSession } from '../../src/smt/session.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

describe('acyclicity encoding', () => {
  afterAll(shutdownZ3);
  // A triangle 0 -> 1 -> 2 -> 0 whose edges are guarded by a, b, c, plus a
  // dangling edge 2 -> 3 that can never be on a cycle.
  const [a, b, c] = ['a', 'b', 'c'].map(boolVar);
  const triangle = Relation.fromPairs(4, [
    [0, 1, a!],
    [1, 2, b!],
    [2, 0, c!],
    [2, 3, boolVar('d')],
  ]);

  it('forbids exactly the valuations that close the cycle', async () => {
    const s = await SmtSession.create();
    s.add(acyclicConstraints(triangle, 'rk'));
    expect(await s.check([a!, b!])).toBe('sat');
    const ac = s.literal(a!, 'x');
    s.add([c!]);
    expect(await s.check([ac, b!])).toBe('unsat');
    s.dispose();
  });

  it('encodes only the edges inside a strongly connected component', () => {
    const constraints = acyclicConstraints(triangle, 'rk');
    expect(constraints).toHaveLength(3);
  });

  it('states the exact cycle condition for negated checks', async () => {
    const s = await SmtSession.create();
    s.add([not(checkHolds('acyclic', triangle))]);
    const m = await s.check();
    expect(m).toBe('sat');
    const model = s.model();
    expect(model.bool('a') && model.bool('b') && model.bool('c')).toBe(true);
    s.dispose();
  });
});
