// Relations and event sets over the events of one program, with edges that
// carry a condition: an edge (a, b) is in the relation exactly when its term
// holds. Over concrete inputs every condition folds to TRUE, and the same
// operations compute ordinary relations; over symbolic inputs (rf, co, read
// values unknown) they compute the *may* set (the edges present at all) with
// the exact condition of each, which src/smt encodes.
//
// Edges whose condition is FALSE are never stored.

import { and, andAll, FALSE, not, or, orAll, TRUE, type BoolTerm } from '../logic/term.js';

/** Event set: event id -> membership condition. */
export type EventSet = ReadonlyMap<number, BoolTerm>;

/** A relation over n events; keys are `a * n + b`. */
export class Relation {
  constructor(
    readonly n: number,
    readonly edges: ReadonlyMap<number, BoolTerm>,
  ) {}

  static empty(n: number): Relation {
    return new Relation(n, new Map());
  }

  static fromPairs(n: number, pairs: Iterable<[number, number, BoolTerm]>): Relation {
    const m = new Map<number, BoolTerm[]>();
    for (const [a, b, c] of pairs) push(m, a * n + b, c);
    return new Relation(n, collect(m, orAll));
  }

  get size(): number {
    return this.edges.size;
  }

  get(a: number, b: number): BoolTerm {
    return this.edges.get(a * this.n + b) ?? FALSE;
  }

  *pairs(): Generator<[number, number, BoolTerm]> {
    const n = this.n;
    for (const [k, c] of this.edges) yield [Math.floor(k / n), k % n, c];
  }

  /** Successor lists: a -> [(b, cond)]. */
  successors(): Map<number, [number, BoolTerm][]> {
    const out = new Map<number, [number, BoolTerm][]>();
    for (const [a, b, c] of this.pairs()) {
      let l = out.get(a);
      if (!l) out.set(a, (l = []));
      l.push([b, c]);
    }
    return out;
  }

  /** True when every edge is unconditional (a concrete relation). */
  isConcrete(): boolean {
    for (const c of this.edges.values()) if (c !== TRUE) return false;
    return true;
  }
}

function push<K>(m: Map<K, BoolTerm[]>, k: K, c: BoolTerm): void {
  if (c === FALSE) return;
  const l = m.get(k);
  if (l) l.push(c);
  else m.set(k, [c]);
}

function collect<K>(m: Map<K, BoolTerm[]>, combine: (l: BoolTerm[]) => BoolTerm): Map<K, BoolTerm> {
  const out = new Map<K, BoolTerm>();
  for (const [k, l] of m) {
    const c = l.length === 1 ? l[0]! : combine(l);
    if (c !== FALSE) out.set(k, c);
  }
  return out;
}

function withoutFalse<K>(m: Map<K, BoolTerm>): Map<K, BoolTerm> {
  for (const [k, c] of m) if (c === FALSE) m.delete(k);
  return m;
}

// ---------------------------------------------------------------- sets

export function setUnion(a: EventSet, b: EventSet): EventSet {
  const out = new Map(a);
  for (const [e, c] of b) out.set(e, or(out.get(e) ?? FALSE, c));
  return out;
}

export function setInter(a: EventSet, b: EventSet): EventSet {
  const out = new Map<number, BoolTerm>();
  for (const [e, c] of a) {
    const d = b.get(e);
    if (d) out.set(e, and(c, d));
  }
  return withoutFalse(out);
}

export function setDiff(a: EventSet, b: EventSet): EventSet {
  const out = new Map<number, BoolTerm>();
  for (const [e, c] of a) {
    const d = b.get(e);
    out.set(e, d ? and(c, not(d)) : c);
  }
  return withoutFalse(out);
}

/** Complement relative to the set of all events `universe`. */
export function setComplement(universe: EventSet, a: EventSet): EventSet {
  return setDiff(universe, a);
}

// ---------------------------------------------------------------- relations

export function union(r: Relation, s: Relation): Relation {
  const out = new Map(r.edges);
  for (const [k, c] of s.edges) out.set(k, or(out.get(k) ?? FALSE, c));
  return new Relation(r.n, out);
}

export function inter(r: Relation, s: Relation): Relation {
  const [small, big] = r.size <= s.size ? [r, s] : [s, r];
  const out = new Map<number, BoolTerm>();
  for (const [k, c] of small.edges) {
    const d = big.edges.get(k);
    if (d) out.set(k, and(c, d));
  }
  return new Relation(r.n, withoutFalse(out));
}

export function diff(r: Relation, s: Relation): Relation {
  const out = new Map<number, BoolTerm>();
  for (const [k, c] of r.edges) {
    const d = s.edges.get(k);
    out.set(k, d ? and(c, not(d)) : c);
  }
  return new Relation(r.n, withoutFalse(out));
}

export function inverse(r: Relation): Relation {
  const n = r.n;
  const out = new Map<number, BoolTerm>();
  for (const [a, b, c] of r.pairs()) out.set(b * n + a, c);
  return new Relation(n, out);
}

/** Relational composition r ; s. */
export function seq(r: Relation, s: Relation): Relation {
  const n = r.n;
  const succ = s.successors();
  const acc = new Map<number, BoolTerm[]>();
  for (const [a, b, c] of r.pairs()) {
    const next = succ.get(b);
    if (!next) continue;
    for (const [d, c2] of next) push(acc, a * n + d, and(c, c2));
  }
  return new Relation(n, collect(acc, orAll));
}

/** [S]: the identity restricted to S. */
export function identityOn(s: EventSet, n: number): Relation {
  const out = new Map<number, BoolTerm>();
  for (const [e, c] of s) out.set(e * n + e, c);
  return new Relation(n, out);
}

/** S1 * S2. */
export function product(a: EventSet, b: EventSet, n: number): Relation {
  const out = new Map<number, BoolTerm>();
  for (const [x, c] of a) for (const [y, d] of b) out.set(x * n + y, and(c, d));
  return new Relation(n, withoutFalse(out));
}

export function domain(r: Relation): EventSet {
  const acc = new Map<number, BoolTerm[]>();
  for (const [a, , c] of r.pairs()) push(acc, a, c);
  return collect(acc, orAll);
}

export function range(r: Relation): EventSet {
  const acc = new Map<number, BoolTerm[]>();
  for (const [, b, c] of r.pairs()) push(acc, b, c);
  return collect(acc, orAll);
}

/**
 * Transitive closure r+, exact: Floyd–Warshall over the edge conditions.
 * Cubic in the number of events the relation touches, which is small.
 */
export function transitiveClosure(r: Relation): Relation {
  const n = r.n;
  const cur = new Map(r.edges);
  const nodes = new Set<number>();
  for (const [a, b] of r.pairs()) {
    nodes.add(a);
    nodes.add(b);
  }
  // Adjacency kept up to date as edges are added.
  const outOf = new Map<number, Set<number>>();
  const into = new Map<number, Set<number>>();
  const link = (a: number, b: number) => {
    let o = outOf.get(a);
    if (!o) outOf.set(a, (o = new Set()));
    o.add(b);
    let i = into.get(b);
    if (!i) into.set(b, (i = new Set()));
    i.add(a);
  };
  for (const [a, b] of r.pairs()) link(a, b);
  for (const k of nodes) {
    const preds = [...(into.get(k) ?? [])];
    const succs = [...(outOf.get(k) ?? [])];
    if (preds.length === 0 || succs.length === 0) continue;
    for (const i of preds) {
      const cik = cur.get(i * n + k)!;
      for (const j of succs) {
        const ckj = cur.get(k * n + j)!;
        const key = i * n + j;
        const old = cur.get(key);
        const via = and(cik, ckj);
        if (via === FALSE) continue;
        const next = old ? or(old, via) : via;
        if (next !== old) {
          cur.set(key, next);
          if (!old) link(i, j);
        }
      }
    }
  }
  return new Relation(n, cur);
}

/** r* = r+ | id over the universe of events. */
export function reflexiveTransitiveClosure(r: Relation, universe: EventSet): Relation {
  return union(transitiveClosure(r), identityOn(universe, r.n));
}

/** r? = r | id. */
export function optional(r: Relation, universe: EventSet): Relation {
  return union(r, identityOn(universe, r.n));
}

/** Complement of a relation relative to all pairs of existing events. */
export function complement(r: Relation, universe: EventSet): Relation {
  return diff(product(universe, universe, r.n), r);
}

/** Condition under which the relation has at least one edge. */
export function nonEmpty(r: Relation): BoolTerm {
  return orAll([...r.edges.values()]);
}

/** Condition under which the set has at least one member. */
export function setNonEmpty(s: EventSet): BoolTerm {
  return orAll([...s.values()]);
}

/** Condition under which the relation is irreflexive. */
export function irreflexiveCondition(r: Relation): BoolTerm {
  const loops: BoolTerm[] = [];
  for (const [a, b, c] of r.pairs()) if (a === b) loops.push(c);
  return not(orAll(loops));
}

/** Same-edge equality of two relations' conditions (used by let-rec fixpoints). */
export function sameRelation(r: Relation, s: Relation): boolean {
  if (r.size !== s.size) return false;
  for (const [k, c] of r.edges) if (s.edges.get(k) !== c) return false;
  return true;
}

export function sameSet(a: EventSet, b: EventSet): boolean {
  if (a.size !== b.size) return false;
  for (const [k, c] of a) if (b.get(k) !== c) return false;
  return true;
}

export { andAll, TRUE, FALSE };

/**
 * A cycle among the unconditional (TRUE) edges of a relation, as a list of
 * events, or undefined. For checking concrete executions.
 */
export function findCycle(r: Relation): number[] | undefined {
  const succ = new Map<number, number[]>();
  for (const [a, b, c] of r.pairs()) {
    if (c !== TRUE) continue;
    if (a === b) return [a];
    let l = succ.get(a);
    if (!l) succ.set(a, (l = []));
    l.push(b);
  }
  const state = new Map<number, 1 | 2>(); // 1: on the current path, 2: done
  const parent = new Map<number, number>();
  for (const root of succ.keys()) {
    if (state.has(root)) continue;
    const stack: [number, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const [v, i] = frame;
      const next = succ.get(v) ?? [];
      if (i >= next.length) {
        state.set(v, 2);
        stack.pop();
        continue;
      }
      frame[1]++;
      const w = next[i]!;
      const s = state.get(w);
      if (s === 1) {
        // w is on the current path: the cycle is w -> ... -> v -> w.
        const cycle: number[] = [];
        for (let x = v; x !== w; x = parent.get(x)!) cycle.push(x);
        cycle.push(w);
        return cycle.reverse();
      }
      if (s === undefined) {
        state.set(w, 1);
        parent.set(w, v);
        stack.push([w, 0]);
      }
    }
  }
  return undefined;
}
