import { describe, expect, it } from 'vitest';
import { buildEventGraph } from '../../src/events/build.js';
import type { EventGraph } from '../../src/events/graph.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { and, FALSE, TRUE } from '../../src/logic/term.js';

function graph(body0: string, body1 = '', unroll = 2): EventGraph {
  const text = `C t\n{}\nP0(int *x, int *y, int *z, int **p)\n{\n${body0}\n}\nP1(int *x, int *y, int *z)\n{\n${body1 || 'WRITE_ONCE(*z, 2);'}\n}\nexists (x=0)\n`;
  return buildEventGraph(parseLitmus(text, 't.litmus'), { unroll });
}

/** Edges of a static relation as `label>label` over line-distinguished events. */
function edges(g: EventGraph, rel: 'addr' | 'data' | 'ctrl' | 'rmw'): string[] {
  const name = (id: number) => {
    const e = g.events[id]!;
    return `${e.kind}${e.pos?.line}`;
  };
  return g[rel].map(([a, b]) => `${name(a)}>${name(b)}`).sort();
}

describe('event graph', () => {
  it('makes one initial write per location, then program events in order', () => {
    const g = graph('WRITE_ONCE(*x, 1);');
    expect(g.events.filter((e) => e.thread < 0).length).toBe(g.locations.length);
    expect(g.events.filter((e) => e.thread === 0).map((e) => e.kind)).toEqual(['W']);
  });

  it('limits a control dependency to the branches of the if', () => {
    const g = graph('int r0;\nr0 = READ_ONCE(*x);\nif (r0) {\nWRITE_ONCE(*y, 1);\n} else {\nWRITE_ONCE(*z, 1);\n}\nWRITE_ONCE(*z, 3);');
    // Lines: 6 read, 8 write y (then), 10 write z (else), 12 write after the if.
    expect(edges(g, 'ctrl')).toEqual(['R6>W10', 'R6>W8']);
  });

  it('follows data and address dependencies through registers', () => {
    const g = graph('int r1;\nint *r2;\nint r3;\nr1 = READ_ONCE(*x);\nr3 = r1 + 1;\nWRITE_ONCE(*y, r3);\nr2 = READ_ONCE(*p);\nr3 = READ_ONCE(*r2);');
    expect(edges(g, 'data')).toEqual(['R8>W10']);
    expect(edges(g, 'addr')).toEqual(['R11>R12']);
  });

  it('gives the events of the two branches contradictory guards', () => {
    const g = graph('int r0;\nr0 = READ_ONCE(*x);\nif (r0 == 1)\nWRITE_ONCE(*y, 1);\nelse\nWRITE_ONCE(*y, 2);');
    const [w1, w2] = g.events.filter((e) => e.thread === 0 && e.kind === 'W');
    expect(and(w1!.guard, w2!.guard)).toBe(FALSE);
    // Both branches' events are in program order only with themselves: no po edge between them.
    expect(g.po.some(([a, b]) => a === w1!.id && b === w2!.id)).toBe(false);
  });

  it('makes the write of a cmpxchg conditional on success, with a conditional rmw edge', () => {
    const g = graph('int r0;\nr0 = cmpxchg(x, 0, 1);');
    const w = g.events.find((e) => e.thread === 0 && e.kind === 'W')!;
    expect(w.guard).not.toBe(TRUE);
    expect(g.rmw).toHaveLength(1);
    expect(g.rmw[0]![2]).toBe(w.guard);
  });

  it('models spin_lock as a read of the free value and a write of 1', () => {
    const g = buildEventGraph(
      parseLitmus('C t\n{}\nP0(spinlock_t *l)\n{\nspin_lock(l);\nspin_unlock(l);\n}\nexists (0:r0=0)\n', 't.litmus'),
      { unroll: 2 },
    );
    const kinds = g.events.filter((e) => e.thread === 0).map((e) => `${e.kind}${[...g.tags].filter(([, m]) => m.has(e.id)).map(([t]) => t).join('')}`);
    expect(kinds).toEqual(['RLKR', 'WLKW', 'WUL']);
    expect(g.assumptions).toHaveLength(1);
  });

  it('records a loop cut off by the unroll bound', () => {
    const g = graph('int r0;\nr0 = READ_ONCE(*x);\nwhile (r0 == 0)\nr0 = READ_ONCE(*x);', '', 2);
    expect(g.cuts).toHaveLength(1);
    // One read before the loop, one per unrolled iteration.
    expect(g.events.filter((e) => e.thread === 0 && e.kind === 'R')).toHaveLength(3);
  });
});
