// The base sets and relations a model is evaluated over (herd's predefined
// names: po, rf, co, fr, loc, int, ext, addr, data, ctrl, rmw, R, W, M, F,
// IW, FW, and the annotation tags), in two flavours:
//  - symbolic: rf and co unknown. rf is one Boolean variable per candidate
//    (write, read) pair; co orders the writes to a location by integer ranks.
//    Everything else is static, up to the guards and values of events.
//  - concrete: one execution, given explicitly (which write each read reads
//    from, the coherence order, the values read), for replaying a witness.

import { EVENT_TAGS, type EventGraph, type MemEvent } from '../events/graph.js';
import {
  and,
  before,
  boolVar,
  eq,
  Evaluator,
  FALSE,
  int,
  intVar,
  ite,
  lt,
  not,
  orAll,
  rankVar,
  Specializer,
  TRUE,
  type BoolTerm,
  type IntTerm,
  type Valuation,
} from '../logic/term.js';
import { inter, inverse, Relation, seq, type EventSet, setUnion } from './relation.js';

export interface BaseRelations {
  n: number;
  universe: EventSet;
  sets: Map<string, EventSet>;
  relations: Map<string, Relation>;
}

/** The unknowns of a symbolic execution. */
export interface ExecutionUnknowns {
  /** Candidate rf edges (write, read) with their variable. */
  rf: { w: number; r: number; v: BoolTerm }[];
  /** Coherence rank of every non-initial write. */
  rank: Map<number, IntTerm>;
}

/** One execution, explicitly. */
export interface Execution {
  /** Value read by each read event that happens. */
  readValues: Map<number, number>;
  /** The write each read event reads from. */
  rf: Map<number, number>;
  /** Per location code, the writes to it in coherence order (the initial write first). */
  co: Map<number, number[]>;
  /** Values of the graph's Boolean literals (barrier choices of what-if queries). */
  literals?: Map<string, boolean>;
}

export function rfVarName(w: number, r: number): string {
  return `rf_${w}_${r}`;
}
export function rankVarName(w: number): string {
  return `co_${w}`;
}
export function readValueName(r: number): string {
  return `val${r}`;
}

/** Condition under which two events access the same location. */
export function sameLocation(a: MemEvent, b: MemEvent): BoolTerm {
  if (!a.addr || !b.addr) return FALSE;
  return eq(a.addr, b.addr);
}

function edgesToRelation(n: number, edges: Iterable<[number, number, BoolTerm]>): Relation {
  return Relation.fromPairs(n, edges);
}

/** The parts that do not depend on rf/co, under a way of reading conditions. */
function staticRelations(g: EventGraph, cond: (t: BoolTerm) => BoolTerm): BaseRelations {
  const n = g.events.length;
  const guard = (e: MemEvent) => cond(e.guard);
  const universe = new Map<number, BoolTerm>();
  for (const e of g.events) {
    const c = guard(e);
    if (c !== FALSE) universe.set(e.id, c);
  }
  const ofKind = (k: string) => {
    const s = new Map<number, BoolTerm>();
    for (const e of g.events) if (e.kind === k && universe.has(e.id)) s.set(e.id, universe.get(e.id)!);
    return s;
  };
  const sets = new Map<string, EventSet>();
  sets.set('R', ofKind('R'));
  sets.set('W', ofKind('W'));
  sets.set('F', ofKind('F'));
  sets.set('M', setUnion(sets.get('R')!, sets.get('W')!));
  sets.set('_', universe);
  for (const name of EVENT_TAGS) sets.set(name, new Map());
  for (const [name, members] of g.tags) {
    const s = new Map<number, BoolTerm>();
    for (const [e, c] of members) {
      const m = and(cond(c), universe.get(e) ?? FALSE);
      if (m !== FALSE) s.set(e, m);
    }
    sets.set(name, s);
  }
  const both = (a: number, b: number) => and(universe.get(a) ?? FALSE, universe.get(b) ?? FALSE);
  const relations = new Map<string, Relation>();
  const staticEdges = (edges: EventGraph['po']) => edgesToRelation(n, edges.map(([a, b, c]) => [a, b, and(cond(c), both(a, b))]));
  relations.set('po', staticEdges(g.po));
  relations.set('addr', staticEdges(g.addr));
  relations.set('data', staticEdges(g.data));
  relations.set('ctrl', staticEdges(g.ctrl));
  relations.set('rmw', staticEdges(g.rmw));

  const idEdges: [number, number, BoolTerm][] = [];
  const intEdges: [number, number, BoolTerm][] = [];
  const extEdges: [number, number, BoolTerm][] = [];
  const locEdges: [number, number, BoolTerm][] = [];
  for (const a of g.events) {
    if (!universe.has(a.id)) continue;
    for (const b of g.events) {
      if (!universe.has(b.id)) continue;
      const c = both(a.id, b.id);
      if (a.id === b.id) idEdges.push([a.id, b.id, c]);
      if (a.thread >= 0 && a.thread === b.thread) intEdges.push([a.id, b.id, c]);
      else if (a.id !== b.id) extEdges.push([a.id, b.id, c]);
      const l = and(c, cond(sameLocation(a, b)));
      if (l !== FALSE) locEdges.push([a.id, b.id, l]);
    }
  }
  relations.set('id', edgesToRelation(n, idEdges));
  relations.set('int', edgesToRelation(n, intEdges));
  relations.set('ext', edgesToRelation(n, extEdges));
  relations.set('loc', edgesToRelation(n, locEdges));
  relations.set('po-loc', inter(relations.get('po')!, relations.get('loc')!));
  relations.set('0', Relation.empty(n));
  return { n, universe, sets, relations };
}

/** Adds rf, co, fr, their internal/external parts and FW. */
function addCommunication(base: BaseRelations, rf: Relation, co: Relation): void {
  const { relations, sets } = base;
  const int = relations.get('int')!;
  const ext = relations.get('ext')!;
  const fr = seq(inverse(rf), co);
  relations.set('rf', rf);
  relations.set('co', co);
  relations.set('fr', fr);
  for (const [name, r] of [['rf', rf], ['co', co], ['fr', fr]] as const) {
    relations.set(`${name}e`, inter(r, ext));
    relations.set(`${name}i`, inter(r, int));
  }
  // Final writes: writes with no coherence successor.
  const hasSuccessor = new Map<number, BoolTerm[]>();
  for (const [a, , c] of co.pairs()) {
    const l = hasSuccessor.get(a);
    if (l) l.push(c);
    else hasSuccessor.set(a, [c]);
  }
  const fw = new Map<number, BoolTerm>();
  for (const [w, c] of sets.get('W')!) {
    const m = and(c, not(orAll(hasSuccessor.get(w) ?? [])));
    if (m !== FALSE) fw.set(w, m);
  }
  sets.set('FW', fw);
}

/** Symbolic base relations plus the unknowns they are built from. */
export function symbolicRelations(g: EventGraph): { base: BaseRelations; unknowns: ExecutionUnknowns } {
  const base = staticRelations(g, (t) => t);
  const n = base.n;
  const writes = g.events.filter((e) => e.kind === 'W');
  const reads = g.events.filter((e) => e.kind === 'R');
  const rfCandidates: ExecutionUnknowns['rf'] = [];
  for (const r of reads) {
    for (const w of writes) {
      if (sameLocation(w, r) === FALSE) continue;
      // Every write that may be at the read's location is a candidate: it is
      // the model's job (coherence) to rule out, say, reading a po-later write.
      rfCandidates.push({ w: w.id, r: r.id, v: boolVar(rfVarName(w.id, r.id)) });
    }
  }
  const rank = new Map<number, IntTerm>();
  for (const w of writes) if (w.thread >= 0) rank.set(w.id, rankVar(rankVarName(w.id)));
  const coEdges: [number, number, BoolTerm][] = [];
  for (const a of writes) {
    for (const b of writes) {
      if (a.id === b.id || b.thread < 0) continue;
      const same = sameLocation(a, b);
      if (same === FALSE) continue;
      const order = a.thread < 0 ? TRUE : before(rank.get(a.id)!, rank.get(b.id)!);
      coEdges.push([a.id, b.id, and(a.guard, b.guard, same, order)]);
    }
  }
  const rf = Relation.fromPairs(
    n,
    rfCandidates.map(({ w, r, v }) => [w, r, v]),
  );
  addCommunication(base, rf, Relation.fromPairs(n, coEdges));
  return { base, unknowns: { rf: rfCandidates, rank } };
}

/** Final value of every location under the base relations (the value of its final write). */
export function finalValues(g: EventGraph, base: BaseRelations): Map<string, IntTerm> {
  const fw = base.sets.get('FW')!;
  const out = new Map<string, IntTerm>();
  for (const l of g.locations) {
    let v: IntTerm = l.initial;
    for (const e of g.events) {
      if (e.kind !== 'W' || e.thread < 0) continue;
      const isFinal = fw.get(e.id);
      if (!isFinal) continue;
      v = ite(and(isFinal, eq(e.addr!, int(l.code))), e.value!, v);
    }
    out.set(l.name, v);
  }
  return out;
}

/** A valuation that reads an explicit execution (unknown names are errors). */
export function executionValuation(x: Execution): Valuation {
  return {
    bool(name) {
      const v = x.literals?.get(name);
      if (v === undefined) throw new Error(`replay: unexpected Boolean variable ${name}`);
      return v;
    },
    int(name) {
      const m = /^val(\d+)$/.exec(name);
      if (!m) throw new Error(`replay: unexpected integer variable ${name}`);
      // A read that does not happen has no value; any value serves.
      return x.readValues.get(Number(m[1])) ?? 0;
    },
  };
}

/**
 * Base relations of one explicit execution: concrete, or, when `symbolic`
 * names some of the graph's Boolean literals (barriers a query leaves
 * open), conditional on those only.
 */
export function concreteRelations(g: EventGraph, x: Execution, symbolic?: ReadonlySet<string>): BaseRelations {
  let cond: (t: BoolTerm) => BoolTerm;
  if (symbolic && symbolic.size > 0) {
    const known = executionValuation(x);
    const sp = new Specializer({ bool: (n) => (symbolic.has(n) ? undefined : known.bool(n)), int: (n) => known.int(n) });
    cond = (t) => sp.bool(t);
  } else {
    const ev = new Evaluator(executionValuation(x));
    cond = (t) => (ev.bool(t) ? TRUE : FALSE);
  }
  const base = staticRelations(g, cond);
  const n = base.n;
  const rf = Relation.fromPairs(
    n,
    [...x.rf].map(([r, w]) => [w, r, TRUE] as [number, number, BoolTerm]),
  );
  const coEdges: [number, number, BoolTerm][] = [];
  for (const order of x.co.values()) {
    for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) coEdges.push([order[i]!, order[j]!, TRUE]);
  }
  addCommunication(base, rf, Relation.fromPairs(n, coEdges));
  return base;
}
