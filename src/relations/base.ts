// The base sets and relations a model is evaluated over (herd's predefined
// names: po, rf, co, fr, loc, int, ext, addr, data, ctrl, rmw, R, W, M, F,
// IW, FW, and the annotation tags), in two flavours:
//  - symbolic: rf and co unknown. rf is one Boolean variable per candidate
//    (write, read) pair; co orders the writes to a location by integer ranks.
//    Everything else is static, up to the guards and values of events.
//  - concrete: one execution, given explicitly (which write each read reads
//    from, the coherence order, the values read), for replaying a witness.
//
// For herd's own model files (an event graph of the herd flavour), the
// predefined names are herd's: no co/fr unless the model says `withco`
// (herd's default is that the model generates co itself, cos-opt.cat), the
// po-loc/rfe/rfi family comes from herd's standard library instead, and FW
// holds, for each location the test observes, the final write herd picks:
// one Boolean choice variable per candidate write (the model then orders
// it last, through co0).

import { EVENT_TAGS, type EventGraph, type HerdDialect, type MemEvent } from '../events/graph.js';
import {
  and,
  before,
  boolVar,
  eq,
  Evaluator,
  FALSE,
  freeVars,
  implies,
  int,
  ite,
  not,
  orAll,
  rankVar,
  Specializer,
  TRUE,
  type BoolTerm,
  type IntTerm,
  type Term,
  type Valuation,
} from '../logic/term.js';
import { inter, inverse, Relation, seq, type EventSet, setUnion } from './relation.js';

export interface BaseRelations {
  n: number;
  universe: EventSet;
  sets: Map<string, EventSet>;
  relations: Map<string, Relation>;
  /** What a model may read of the events besides sets and relations (different-values, classes-loc). */
  info: EventInfo;
}

/** The values and locations of events, as terms (symbolic) or constants (one execution). */
export interface EventInfo {
  /** Value read or written. */
  value(id: number): IntTerm | undefined;
  /** Location (address) of an access or lock operation. */
  addr(id: number): IntTerm | undefined;
  /** Codes of all locations, for events whose address is symbolic. */
  locations: readonly number[];
}

/** The unknowns of a symbolic execution. */
export interface ExecutionUnknowns {
  /** Candidate rf edges (write, read) with their variable. */
  rf: { w: number; r: number; v: BoolTerm }[];
  /** Coherence rank of every non-initial write (empty when the model generates co). */
  rank: Map<number, IntTerm>;
  /** Constraints on other choice variables (herd's final writes). */
  constraints: BoolTerm[];
}

/** One execution, explicitly. */
export interface Execution {
  /** Value read by each read event that happens. */
  readValues: Map<number, number>;
  /** The write each read event reads from. */
  rf: Map<number, number>;
  /** Per location code, the writes to it in coherence order (the initial write first); empty when the model generates co. */
  co: Map<number, number[]>;
  /** herd flavour without co: the final write herd picked for each observed location that has one. */
  finalWrites?: Set<number>;
  /** Values of the graph's Boolean literals (barrier choices of what-if queries, herd's lock outcomes). */
  literals?: Map<string, boolean>;
}

/** herd's sets for events of C programs (initial writes and CAction's arch sets) that are not annotations. */
const HERD_ARCH_SETS = ['IW', 'RMW', 'LKR', 'LKW', 'LF', 'UL', 'RL', 'RU'] as const;
const HERD_EMPTY_SETS = ['LS', 'ACQ', 'SC', 'REL', 'ACQ_REL', 'RLX', 'CON', 'A'] as const;

export function finalWriteVarName(code: number, w: number): string {
  return `fw_${code}_${w}`;
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

/**
 * The parts that do not depend on rf/co, under a way of reading conditions
 * (and values: `term`, for the event info).
 */
function staticRelations(
  g: EventGraph,
  cond: (t: BoolTerm) => BoolTerm,
  herd: HerdDialect | undefined,
  term: (t: IntTerm) => IntTerm,
): BaseRelations {
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
  const tagSet = (name: string) => {
    const s = new Map<number, BoolTerm>();
    for (const [e, c] of g.tags.get(name) ?? []) {
      const m = and(cond(c), universe.get(e) ?? FALSE);
      if (m !== FALSE) s.set(e, m);
    }
    return s;
  };
  if (herd) {
    for (const name of [...HERD_ARCH_SETS, ...herd.annotationSets]) sets.set(name, tagSet(name));
    for (const name of HERD_EMPTY_SETS) sets.set(name, new Map());
    sets.set('LK', setUnion(sets.get('LKR')!, sets.get('LKW')!));
    for (const name of ['Sync-rcu', 'Rcu-lock', 'Rcu-unlock']) if (!sets.has(name)) sets.set(name, tagSet(name));
    sets.set('NA', universe);
    const annotated = new Map<number, BoolTerm>();
    for (const e of g.events) if (e.annot && e.annot.length > 0 && universe.has(e.id)) annotated.set(e.id, universe.get(e.id)!);
    sets.set('annot', annotated);
  } else {
    for (const name of EVENT_TAGS) sets.set(name, new Map());
    for (const name of g.tags.keys()) sets.set(name, tagSet(name));
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
  if (!herd) {
    relations.set('po-loc', inter(relations.get('po')!, relations.get('loc')!));
    relations.set('0', Relation.empty(n));
  }
  const read = (t: IntTerm | undefined) => (t ? term(t) : undefined);
  const info: EventInfo = {
    value: (id) => read(g.events[id]?.value),
    addr: (id) => read(g.events[id]?.addr),
    locations: g.locations.map((l) => l.code),
  };
  return { n, universe, sets, relations, info };
}

/** herd without co: rf only (rfe and rfi come from herd's standard library). */
function addReadsFrom(base: BaseRelations, rf: Relation): void {
  base.relations.set('rf', rf);
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

/**
 * herd's final writes as choice variables: for each observed location that
 * some write may reach, exactly one write there is final. Returns the FW
 * set and the constraints on its variables.
 */
function finalWriteChoices(g: EventGraph, observed: readonly string[]): { fw: EventSet; constraints: BoolTerm[] } {
  const fw = new Map<number, BoolTerm[]>();
  const constraints: BoolTerm[] = [];
  for (const name of observed) {
    const loc = g.locations.find((l) => l.name === name);
    if (!loc) continue;
    const at = int(loc.code);
    const picks: BoolTerm[] = [];
    const present: BoolTerm[] = [];
    for (const w of g.events) {
      if (w.kind !== 'W' || w.thread < 0) continue;
      const here = and(w.guard, eq(w.addr!, at));
      if (here === FALSE) continue;
      const v = boolVar(finalWriteVarName(loc.code, w.id));
      constraints.push(implies(v, here));
      picks.push(v);
      present.push(here);
      const l = fw.get(w.id);
      if (l) l.push(v);
      else fw.set(w.id, [v]);
    }
    constraints.push(implies(orAll(present), orAll(picks)));
    for (let i = 0; i < picks.length; i++) for (let j = i + 1; j < picks.length; j++) constraints.push(not(and(picks[i]!, picks[j]!)));
  }
  const set = new Map<number, BoolTerm>();
  for (const [w, vs] of fw) set.set(w, orAll(vs));
  return { fw: set, constraints: constraints.filter((c) => c !== TRUE) };
}

/** Symbolic base relations plus the unknowns they are built from. */
export function symbolicRelations(g: EventGraph): { base: BaseRelations; unknowns: ExecutionUnknowns } {
  const herd = g.herd;
  const base = staticRelations(g, (t) => t, herd, (t) => t);
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
  const rf = Relation.fromPairs(
    n,
    rfCandidates.map(({ w, r, v }) => [w, r, v]),
  );
  if (herd && !herd.withco) {
    addReadsFrom(base, rf);
    const { fw, constraints } = finalWriteChoices(g, herd.observed);
    base.sets.set('FW', fw);
    return { base, unknowns: { rf: rfCandidates, rank: new Map(), constraints } };
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
  addCommunication(base, rf, Relation.fromPairs(n, coEdges));
  if (g.herd) dropInitialFinals(base);
  return { base, unknowns: { rf: rfCandidates, rank, constraints: [] } };
}

/**
 * How values flow in an execution: rf (write to read, under its variable)
 * and, statically, from each read to every write whose value or address is
 * computed from what it read. A cycle is a value out of thin air: a read
 * that, through writes computed from it, reads its own value.
 */
export function valueFlow(g: EventGraph, unknowns: ExecutionUnknowns): Relation {
  return flowOf(g, unknowns, (w) => [w.value, w.addr].flatMap((t) => (t ? readsIn(t, TRUE, 'computed') : [])));
}

/**
 * The part of valueFlow where a write stores exactly what a read returned,
 * at an address computed from no read: a cycle of it is a value that cycles
 * only through copies, which herd7 keeps (with a symbolic value such as
 * `S23` in its final states) where it leaves out a computed one.
 */
export function copyFlow(g: EventGraph, unknowns: ExecutionUnknowns): Relation {
  return flowOf(g, unknowns, (w) => (w.value && (!w.addr || freeVars([w.addr]).ints.size === 0) ? readsIn(w.value, TRUE, 'copied') : []));
}

/**
 * The reads whose values a value is computed from (`computed`), is exactly
 * (`copied`), or that a computation uses (`used`: the conditions of its
 * choices too), each under the condition that it is: as herd7's equations
 * see them, per path, so that `c ? 0 : 1` (a branch's choice of constants)
 * is computed from no read, and `c ? *a : *b` from *a where c holds.
 */
export function readsIn(t: Term, when: BoolTerm, how: 'computed' | 'copied' | 'used'): [string, BoolTerm][] {
  if (t.sort === 'bool') return [...freeVars([t]).ints].map((name): [string, BoolTerm] => [name, when]);
  if (t.op === 'ivar') return [[t.name!, when]];
  if (t.op === 'ite') {
    const [c, a, b] = t.args as [BoolTerm, IntTerm, IntTerm];
    const choice = how === 'used' ? readsIn(c, when, how) : [];
    return [...choice, ...readsIn(a, and(when, c), how), ...readsIn(b, and(when, not(c)), how)];
  }
  if (how === 'copied') return [];
  return t.args.flatMap((a) => readsIn(a, when, how));
}

/** The read event of each value variable (a read's value is a fresh variable). */
export function readsByValueName(g: EventGraph): Map<string, number> {
  const readOf = new Map<string, number>();
  for (const e of g.events) if (e.kind === 'R' && e.value?.op === 'ivar') readOf.set(e.value.name!, e.id);
  return readOf;
}

/** rf, and an edge from each read to each write whose `sources(write)` names the read's value (under a condition). */
function flowOf(g: EventGraph, unknowns: ExecutionUnknowns, sources: (w: EventGraph['events'][number]) => Iterable<[string, BoolTerm]>): Relation {
  const readOf = readsByValueName(g);
  const edges: [number, number, BoolTerm][] = unknowns.rf.map(({ w, r, v }) => [w, r, v]);
  for (const w of g.events) {
    if (w.kind !== 'W' || w.thread < 0) continue;
    for (const [name, when] of sources(w)) {
      const r = readOf.get(name);
      if (r !== undefined && r !== w.id) edges.push([r, w.id, when]);
    }
  }
  return Relation.fromPairs(g.events.length, edges);
}

/** herd's FW holds stores of the test only, never an initial write. */
function dropInitialFinals(base: BaseRelations): void {
  const iw = base.sets.get('IW')!;
  base.sets.set('FW', new Map([...base.sets.get('FW')!].filter(([w]) => !iw.has(w))));
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
  const herd = g.herd;
  let cond: (t: BoolTerm) => BoolTerm;
  let term: (t: IntTerm) => IntTerm;
  if (symbolic && symbolic.size > 0) {
    const known = executionValuation(x);
    const sp = new Specializer({ bool: (n) => (symbolic.has(n) ? undefined : known.bool(n)), int: (n) => known.int(n) });
    cond = (t) => sp.bool(t);
    term = (t) => sp.int(t);
  } else {
    const ev = new Evaluator(executionValuation(x));
    cond = (t) => (ev.bool(t) ? TRUE : FALSE);
    term = (t) => int(ev.int(t));
  }
  const base = staticRelations(g, cond, herd, term);
  const n = base.n;
  const rf = Relation.fromPairs(
    n,
    [...x.rf].map(([r, w]) => [w, r, TRUE] as [number, number, BoolTerm]),
  );
  if (herd && !herd.withco) {
    addReadsFrom(base, rf);
    base.sets.set('FW', new Map([...(x.finalWrites ?? [])].map((w) => [w, TRUE])));
    return base;
  }
  const coEdges: [number, number, BoolTerm][] = [];
  for (const order of x.co.values()) {
    for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) coEdges.push([order[i]!, order[j]!, TRUE]);
  }
  addCommunication(base, rf, Relation.fromPairs(n, coEdges));
  if (g.herd) dropInitialFinals(base);
  return base;
}
