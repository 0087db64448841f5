// Upper approximations of recursive relations, for the SMT encoding.
//
// Exact symbolic closures and least fixpoints are large formulas (an RCU
// test's rcu-order grows to hundreds of kilobytes). Where a model uses such
// a relation only monotonically inside a required axiom (`acyclic hb`,
// `irreflexive rb`), it is enough to give each may-edge a fresh Boolean
// variable and constrain the variables from below:
//     r ⊆ x,  x ; r ⊆ x          (x ⊇ r+)
//     F(x) ⊆ x                   (x ⊇ lfp F, for monotone F)
// The solver can always choose x to be exactly the closure/fixpoint, and an
// axiom that holds for a larger x holds for the exact one, so satisfiability
// and models are unchanged. The cat evaluator tracks which values are such
// upper bounds (or, after a difference or complement, lower bounds) and
// asks for the exact value wherever an approximation would not be sound.

import { and, boolVar, FALSE, freeVars, implies, type BoolTerm, type Term } from '../logic/term.js';
import { Relation } from './relation.js';

/** Keys (a*n+b) of the transitive closure of a relation's may-edges. */
function closureSupport(r: Relation): Set<number> {
  const n = r.n;
  const succ = new Map<number, number[]>();
  for (const [a, b] of r.pairs()) {
    let l = succ.get(a);
    if (!l) succ.set(a, (l = []));
    l.push(b);
  }
  const out = new Set<number>();
  for (const start of succ.keys()) {
    const seen = new Set<number>();
    const stack = [...succ.get(start)!];
    while (stack.length > 0) {
      const b = stack.pop()!;
      if (seen.has(b)) continue;
      seen.add(b);
      out.add(start * n + b);
      for (const c of succ.get(b) ?? []) stack.push(c);
    }
  }
  return out;
}

/** Whether `w` holds whenever every term of `given` does (a syntactic check: conjunctions, disjunctions, TRUE). */
function follows(given: ReadonlySet<number>, w: Term): boolean {
  if (w.op === 'true' || given.has(w.id)) return true;
  if (w.op === 'and') return w.args.every((x) => follows(given, x));
  if (w.op === 'or') return w.args.some((x) => follows(given, x));
  return false;
}

/** A condition and its conjuncts, as term ids. */
function givenBy(c: Term): Set<number> {
  return new Set([c.id, ...(c.op === 'and' ? c.args.map((a) => a.id) : [])]);
}

/**
 * `r` without the edges a path of two remaining edges implies: (a, c) goes
 * when, for each of its condition's disjuncts, some a → b → c has
 * conditions that follow from it. The closure is the same (each edge
 * dropped is implied by edges still there when it is dropped), and its
 * lower bounds, one per closure pair and edge into it, get fewer: lock
 * relations such as po-unlock-lock-po are dense and largely transitive.
 */
function withoutImpliedEdges(r: Relation): Relation {
  const n = r.n;
  const edges = new Map(r.edges);
  const succ = new Map<number, Set<number>>();
  for (const k of edges.keys()) {
    const a = Math.floor(k / n);
    let s = succ.get(a);
    if (!s) succ.set(a, (s = new Set()));
    s.add(k % n);
  }
  for (const [k, cond] of r.edges) {
    const a = Math.floor(k / n);
    const c = k % n;
    const implied = (given: ReadonlySet<number>) => {
      for (const b of succ.get(a)!) {
        if (b === a || b === c) continue;
        const first = edges.get(a * n + b);
        const second = edges.get(b * n + c);
        if (first && second && follows(given, first) && follows(given, second)) return true;
      }
      return false;
    };
    if (implied(givenBy(cond)) || (cond.op === 'or' && cond.args.every((d) => implied(givenBy(d))))) {
      edges.delete(k);
      succ.get(a)!.delete(c);
    }
  }
  return new Relation(n, edges);
}

/** `body ⇒ head`: one lower-bound constraint on the fresh variable `head`. */
export interface LowerBound {
  head: BoolTerm;
  body: BoolTerm;
}

export class Approximation {
  /** Lower-bound constraints on the fresh variables. */
  readonly constraints: LowerBound[] = [];
  private count = 0;
  /** Closures already bounded, by relation: a model closes the same `let` (hb*, cumul-fence*) in several places. */
  private readonly closures = new Map<Relation, Relation>();

  constructor(private readonly prefix: string) {}

  /** A relation with one fresh variable per key. */
  freshRelation(n: number, keys: Iterable<number>, what: string): Relation {
    const id = `${this.prefix}${what}${this.count++}`;
    const edges = new Map<number, BoolTerm>();
    for (const k of keys) edges.set(k, boolVar(`${id}_${Math.floor(k / n)}_${k % n}`));
    return new Relation(n, edges);
  }

  /** x ⊇ r+, with r ⊆ x and x ; r ⊆ x; one x per relation (sharing it is sound: each use holds for the exact closure). */
  transitiveClosure(r: Relation): Relation {
    if (r.isConcrete()) return r; // callers handle concrete relations exactly
    let x = this.closures.get(r);
    if (!x) this.closures.set(r, (x = this.boundClosure(r)));
    return x;
  }

  /** A fresh x with r ⊆ x and x ; r ⊆ x (r without the edges the others imply). */
  private boundClosure(all: Relation): Relation {
    const r = withoutImpliedEdges(all);
    const n = r.n;
    const x = this.freshRelation(n, closureSupport(r), 'tc');
    const into = new Map<number, [number, BoolTerm][]>(); // b -> edges (c, b) of r
    for (const [c, b, cond] of r.pairs()) {
      let l = into.get(b);
      if (!l) into.set(b, (l = []));
      l.push([c, cond]);
      this.constraints.push({ head: x.get(c, b), body: cond });
    }
    for (const [a, b, xab] of x.pairs()) {
      for (const [c, cond] of into.get(b) ?? []) {
        const xac = x.edges.get(a * n + c);
        if (xac) this.constraints.push({ head: xab, body: and(xac, cond) });
      }
    }
    return x;
  }

  /** Records `sub ⊆ sup` edge by edge (sup's may-edges must include sub's). */
  include(sub: Relation, sup: Relation): void {
    for (const [k, c] of sub.edges) {
      const s = sup.edges.get(k);
      if (!s) throw new Error('approximation: fixpoint edge outside its support');
      if (c !== FALSE) this.constraints.push({ head: s, body: c });
    }
  }
}

/**
 * The constraints that matter for `roots`: those bounding a variable the
 * roots mention, and, transitively, the variables those constraints mention.
 * A fresh variable nothing depends on may be left unconstrained.
 */
export function neededConstraints(all: readonly LowerBound[], roots: readonly Term[]): BoolTerm[] {
  const byHead = new Map<string, LowerBound[]>();
  for (const c of all) {
    const name = c.head.name!;
    const l = byHead.get(name);
    if (l) l.push(c);
    else byHead.set(name, [c]);
  }
  const needed = new Set<string>();
  const out: BoolTerm[] = [];
  const queue = [...freeVars(roots).bools].filter((v) => byHead.has(v));
  while (queue.length > 0) {
    const v = queue.pop()!;
    if (needed.has(v)) continue;
    needed.add(v);
    for (const c of byHead.get(v) ?? []) {
      out.push(implies(c.body, c.head));
      for (const w of freeVars([c.body]).bools) if (byHead.has(w) && !needed.has(w)) queue.push(w);
    }
  }
  return out;
}
