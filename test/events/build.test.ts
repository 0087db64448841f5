import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventGraph, lockChoiceName } from '../../src/events/build.js';
import type { EventGraph, HerdDialect } from '../../src/events/graph.js';
import { loadMacros } from '../../src/litmus/def.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { and, boolToInt, boolVar, FALSE, not, TRUE } from '../../src/logic/term.js';

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

describe("event graph, herd's flavour", () => {
  const DIALECT: HerdDialect = { annotationSets: ['Acquire', 'Before-atomic', 'Srcu-lock'], observed: ['x'], withco: false };
  const macros = loadMacros(join(import.meta.dirname, '../fixtures/herd/mini.def'));
  function herdGraph(body: string): EventGraph {
    const text = `C t\n{}\nP0(int *x, spinlock_t *l, struct srcu_struct *s)\n{\n${body}\n}\nexists (x=0)\n`;
    return buildEventGraph(parseLitmus(text, 't.litmus', { macros }), { unroll: 2, herd: DIALECT });
  }
  const tagsOf = (g: EventGraph, id: number) =>
    [...g.tags]
      .filter(([, m]) => m.has(id))
      .map(([t]) => t)
      .sort();

  it('tags events with the .def annotations, first letter capitalised', () => {
    const g = herdGraph('r0 = smp_load_acquire(x);\nsmp_mb__before_atomic();\nr1 = srcu_read_lock(s);');
    const [r, f, s] = g.events.filter((e) => e.thread === 0);
    expect([r!.kind, tagsOf(g, r!.id), r!.annot]).toEqual(['R', ['Acquire'], ['acquire']]);
    expect([f!.kind, tagsOf(g, f!.id)]).toEqual(['F', ['Before-atomic']]);
    expect([s!.kind, tagsOf(g, s!.id)]).toEqual(['R', ['Srcu-lock']]);
    expect(g.herd).toBe(DIALECT);
    expect(r!.label).toBe('smp_load_acquire');
  });

  it('gives both events of an RMW its annotation, and a failed one only its read (no Once)', () => {
    const g = herdGraph('r0 = cmpxchg(x, 0, 1);');
    const [r, w] = g.events.filter((e) => e.thread === 0);
    expect(tagsOf(g, r!.id)).toEqual(['Mb', 'RMW']);
    expect(tagsOf(g, w!.id)).toEqual(['Mb', 'RMW']);
    expect(g.tags.get('Mb')!.get(r!.id)).toBe(TRUE);
    expect(g.tags.has('Once')).toBe(false);
  });

  it("makes herd's lock events, without values or assumptions", () => {
    const g = herdGraph('spin_lock(l);\nspin_unlock(l);\nsynchronize_srcu(s);');
    const events = g.events.filter((e) => e.thread === 0);
    expect(events.map((e) => `${e.kind}:${tagsOf(g, e.id).join(',')}`)).toEqual(['L:LKR', 'L:LKW', 'L:UL', 'L:Sync-srcu']);
    expect(events.every((e) => e.value === undefined && e.addr !== undefined)).toBe(true);
    expect(g.rmw).toEqual([]);
    expect(g.assumptions).toEqual([]);
  });

  it('decides spin_trylock and spin_is_locked by a choice variable', () => {
    const g = herdGraph('r0 = spin_trylock(l);\nr1 = spin_is_locked(l);');
    const [a, b, c] = g.events.filter((e) => e.thread === 0);
    const taken = boolVar(lockChoiceName(a!.id));
    expect(g.tags.get('LKR')!.get(a!.id)).toBe(taken);
    expect(g.tags.get('LF')!.get(a!.id)).toBe(not(taken));
    expect(b!.guard).toBe(taken);
    expect(g.tags.get('LKW')!.has(b!.id)).toBe(true);
    const held = boolVar(lockChoiceName(c!.id));
    expect([g.tags.get('RL')!.get(c!.id), g.tags.get('RU')!.get(c!.id)]).toEqual([held, not(held)]);
    // The returned values are the choices, with no dependency on any read.
    expect(g.finalRegs.get(0)!.get('r0')).toBe(boolToInt(taken));
    expect(g.ctrl).toEqual([]);
  });
});
