// herd's predefined environment (the herd flavour of the base relations).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventGraph } from '../../src/events/build.js';
import { loadMacros } from '../../src/litmus/def.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { Evaluator } from '../../src/logic/term.js';
import type { HerdDialect } from '../../src/events/graph.js';
import { concreteRelations, finalWriteVarName, symbolicRelations } from '../../src/relations/base.js';

const macros = loadMacros(join(import.meta.dirname, '../fixtures/herd/mini.def'));
const text = `C t
{}
P0(int *x, spinlock_t *l) { WRITE_ONCE(*x, 1); spin_lock(l); WRITE_ONCE(*x, 2); }
P1(int *x) { int r0; r0 = READ_ONCE(*x); }
exists (1:r0=1 /\\ x=2)
`;
const dialect: HerdDialect = { annotationSets: ['Once', 'Mb'], observed: ['x'], withco: false };
const graphIn = (herd: HerdDialect) => buildEventGraph(parseLitmus(text, 't.litmus', { macros }), { unroll: 2, herd });
const g = graphIn(dialect);

describe("herd's predefined names", () => {
  it('has no co, fr or po-loc (the model and its library define them); M excludes lock events', () => {
    const { base } = symbolicRelations(g);
    expect([...base.relations.keys()].sort()).toEqual(['addr', 'ctrl', 'data', 'ext', 'id', 'int', 'loc', 'po', 'rf', 'rmw']);
    const lockEvents = g.events.filter((e) => e.kind === 'L').map((e) => e.id);
    expect(lockEvents).toHaveLength(2);
    expect(lockEvents.some((e) => base.sets.get('M')!.has(e))).toBe(false);
    expect(lockEvents.every((e) => base.universe.has(e) && base.sets.get('LK')!.has(e))).toBe(true);
    expect([...base.sets.get('Mb')!.keys()]).toEqual([]);
    expect(base.sets.get('Once')!.size).toBe(3);
    expect(base.sets.has('Acquire')).toBe(false);
  });

  it('picks one final write per observed location, by choice variables', () => {
    const { base, unknowns } = symbolicRelations(g);
    const writes = g.events.filter((e) => e.kind === 'W' && e.thread === 0).map((e) => e.id);
    expect([...base.sets.get('FW')!.keys()].sort()).toEqual(writes);
    const x = g.locations.find((l) => l.name === 'x')!.code;
    const allowed = (picked: number[]) => {
      const ev = new Evaluator({ bool: (n) => picked.some((w) => n === finalWriteVarName(x, w)), int: () => 0 });
      return unknowns.constraints.every((c) => ev.bool(c));
    };
    expect([allowed([]), allowed([writes[0]!]), allowed([writes[1]!]), allowed(writes)]).toEqual([false, true, true, false]);
    expect(unknowns.rank.size).toBe(0);
  });

  it('takes FW from the execution when concrete', () => {
    const w = g.events.find((e) => e.kind === 'W' && e.thread === 0)!.id;
    const base = concreteRelations(g, { readValues: new Map(), rf: new Map(), co: new Map(), finalWrites: new Set([w]) });
    expect([...base.sets.get('FW')!.keys()]).toEqual([w]);
    expect(base.relations.has('co')).toBe(false);
  });

  it('predefines co, from ranks, under withco', () => {
    const { base, unknowns } = symbolicRelations(graphIn({ ...dialect, withco: true }));
    expect(base.relations.has('co')).toBe(true);
    expect(unknowns.rank.size).toBe(2);
    // herd's FW never holds an initial write.
    expect([...base.sets.get('FW')!.keys()].some((e) => g.events[e]!.thread < 0)).toBe(false);
  });
});
