// The pairs-with check compares declared partners with the barrier sets of
// the proof, path by path.
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/check/explanation.js';
import { checkPairs } from '../../src/check/pairs.js';

const explanation = (sets: string[][][]): Explanation => ({
  file: 'x',
  name: 'x',
  model: 'lkmm',
  verdict: 'Never',
  forbidden: true,
  paths: sets.map((minimalSets) => ({ states: [], reads: [], minimalSets, axioms: [], cycle: '' })),
  timeMs: 0,
});

describe('pairs-with check', () => {
  const barriers = [
    { id: 'a.mb', thread: 0 },
    { id: 'a.rmb', thread: 0 },
    { id: 'b.mb', thread: 1 },
    { id: 'b.wmb', thread: 1 },
    { id: 'b.spare', thread: 1 },
  ];

  it('reports declared pairs never needed, used pairs not declared, and barriers in no set', () => {
    const r = checkPairs(
      explanation([[['a.mb', 'b.mb']], [['a.rmb', 'b.wmb'], ['a.mb', 'b.wmb']]]),
      barriers,
      new Map([
        ['a.mb', ['b.mb']],
        ['a.rmb', ['b.mb']],
        ['b.wmb', ['a.rmb']],
        ['b.spare', ['gone']],
      ]),
    );
    expect(r.used).toEqual([
      ['a.mb', 'b.mb'],
      ['a.mb', 'b.wmb'],
      ['a.rmb', 'b.wmb'],
    ]);
    expect(r.declared).toEqual([
      ['a.mb', 'b.mb'],
      ['a.rmb', 'b.mb'],
      ['a.rmb', 'b.wmb'],
    ]);
    expect(r.unneeded).toEqual([['a.rmb', 'b.mb']]);
    expect(r.undeclared).toEqual([['a.mb', 'b.wmb']]);
    expect(r.unpaired).toEqual(['b.spare']);
  });

  it('does not pair barriers of one thread', () => {
    const r = checkPairs(explanation([[['a.mb', 'a.rmb', 'b.mb']]]), barriers, new Map());
    expect(r.used).toEqual([
      ['a.mb', 'b.mb'],
      ['a.rmb', 'b.mb'],
    ]);
  });
});
