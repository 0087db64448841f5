// Upper approximations of closures: the least values the lower-bound
// constraints allow are the exact closure, under every valuation, and edges
// that two others imply cost no constraints.
import { describe, expect, it } from 'vitest';
import { and, boolVar, Evaluator, or, TRUE, type BoolTerm } from '../../src/logic/term.js';
import { Approximation } from '../../src/relations/approximate.js';
import { Relation, transitiveClosure } from '../../src/relations/relation.js';

const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(boolVar) as [BoolTerm, BoolTerm, BoolTerm, BoolTerm];
const VARS = ['a', 'b', 'c', 'd'];

/** Every valuation of a, b, c, d. */
function* valuations(): Generator<Record<string, boolean>> {
  for (let m = 0; m < 1 << VARS.length; m++) yield Object.fromEntries(VARS.map((v, i) => [v, ((m >> i) & 1) === 1]));
}

/** The pairs of x the constraints force under `env` (their least solution, by iteration). */
function forced(approx: Approximation, x: Relation, env: Record<string, boolean>): string[] {
  const heads = new Map<string, boolean>();
  for (let changed = true; changed; ) {
    changed = false;
    const ev = new Evaluator({ bool: (n) => (n in env ? env[n]! : (heads.get(n) ?? false)), int: () => 0 });
    for (const { head, body } of approx.constraints) {
      if (!heads.get(head.name!) && ev.bool(body)) {
        heads.set(head.name!, true);
        changed = true;
      }
    }
  }
  return [...x.pairs()].filter(([, , v]) => heads.get(v.name!)).map(([p, q]) => `${p}>${q}`).sort();
}

function exact(r: Relation, env: Record<string, boolean>): string[] {
  const ev = new Evaluator({ bool: (n) => env[n]!, int: () => 0 });
  return [...transitiveClosure(r).pairs()].filter(([, , t]) => ev.bool(t)).map(([p, q]) => `${p}>${q}`).sort();
}

describe('closure approximation', () => {
  // 0>1 (a), 1>2 (b), 2>3 (c), 3>1 (d): a cycle through 1, 2, 3; and the
  // implied edges 0>2 (a & b, and a disjunction of two implied paths) and 1>3.
  const implied = Relation.fromPairs(5, [
    [0, 1, a],
    [1, 2, b],
    [2, 3, c],
    [3, 1, d],
    [0, 2, and(a, b)],
    [1, 3, or(and(b, c), and(b, c, d))],
    [3, 4, TRUE],
  ]);
  const bare = Relation.fromPairs(5, [
    [0, 1, a],
    [1, 2, b],
    [2, 3, c],
    [3, 1, d],
    [3, 4, TRUE],
  ]);

  it('forces exactly the closure, under every valuation', () => {
    const approx = new Approximation('t_');
    const x = approx.transitiveClosure(implied);
    for (const env of valuations()) expect(forced(approx, x, env)).toEqual(exact(implied, env));
  });

  it('spends no constraints on edges that two others imply, and one closure per relation', () => {
    const withImplied = new Approximation('t_');
    const x = withImplied.transitiveClosure(implied);
    expect(withImplied.transitiveClosure(implied)).toBe(x);
    const without = new Approximation('t_');
    without.transitiveClosure(bare);
    expect(withImplied.constraints.length).toBe(without.constraints.length);
  });

  it('keeps an edge whose condition no path implies', () => {
    // 0>2 under c: not implied by 0>1>2 (a & b).
    const r = Relation.fromPairs(3, [
      [0, 1, a],
      [1, 2, b],
      [0, 2, c],
    ]);
    const approx = new Approximation('t_');
    const x = approx.transitiveClosure(r);
    for (const env of valuations()) expect(forced(approx, x, env)).toEqual(exact(r, env));
    const bareChain = new Approximation('t_');
    bareChain.transitiveClosure(Relation.fromPairs(3, [[0, 1, a], [1, 2, b]]));
    expect(approx.constraints.length).toBeGreaterThan(bareChain.constraints.length);
  });
});
