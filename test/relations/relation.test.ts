import { describe, expect, it } from 'vitest';
import { boolVar, Evaluator, FALSE, TRUE, type BoolTerm } from '../../src/logic/term.js';
import { findCycle, Relation, seq, transitiveClosure } from '../../src/relations/relation.js';

const edges = (r: Relation) => [...r.pairs()].map(([a, b]) => `${a}>${b}`).sort();

describe('relations', () => {
  it('composes and closes concrete relations', () => {
    const r = Relation.fromPairs(4, [
      [0, 1, TRUE],
      [1, 2, TRUE],
      [2, 3, TRUE],
    ]);
    expect(edges(seq(r, r))).toEqual(['0>2', '1>3']);
    expect(edges(transitiveClosure(r))).toEqual(['0>1', '0>2', '0>3', '1>2', '1>3', '2>3']);
    expect(findCycle(r)).toBeUndefined();
    const cyclic = Relation.fromPairs(3, [
      [0, 1, TRUE],
      [1, 2, TRUE],
      [2, 0, TRUE],
    ]);
    expect(findCycle(cyclic)?.sort()).toEqual([0, 1, 2]);
  });

  it('computes the exact closure over symbolic edges', () => {
    // Edges guarded by variables a, b, c; the closure edge 0>3 needs all three.
    const [a, b, c] = ['a', 'b', 'c'].map(boolVar) as [BoolTerm, BoolTerm, BoolTerm];
    const r = Relation.fromPairs(4, [
      [0, 1, a],
      [1, 2, b],
      [2, 3, c],
      [0, 2, c],
    ]);
    const plus = transitiveClosure(r);
    for (const va of [false, true]) {
      for (const vb of [false, true]) {
        for (const vc of [false, true]) {
          const env = { a: va, b: vb, c: vc } as Record<string, boolean>;
          const ev = new Evaluator({ bool: (n) => env[n]!, int: () => 0 });
          // Closure of the concrete relation under this valuation.
          const concrete = Relation.fromPairs(
            4,
            [...r.pairs()].map(([x, y, t]) => [x, y, ev.bool(t) ? TRUE : FALSE] as [number, number, BoolTerm]),
          );
          const expected = edges(transitiveClosure(concrete));
          const got = [...plus.pairs()].filter(([, , t]) => ev.bool(t)).map(([x, y]) => `${x}>${y}`).sort();
          expect(got).toEqual(expected);
        }
      }
    }
  });
});
