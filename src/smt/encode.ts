// Turns a symbolic execution and a model's checks into constraints (terms):
// rf picks one write per read, co is a per-location order by integer ranks,
// and each axiom is encoded on its may-edges only. Acyclicity uses integer
// ranks (DESIGN.md: faster through the API than Z3's special relations), and
// only for edges inside a strongly connected component of the may-graph:
// an edge between components can never close a cycle.

import type { EventGraph } from '../events/graph.js';
import {
  and,
  before,
  boolVar,
  eq,
  FALSE,
  implies,
  not,
  or,
  orAll,
  rankVar,
  TRUE,
  type BoolTerm,
} from '../logic/term.js';
import { sameLocation, type ExecutionUnknowns } from '../relations/base.js';
import { Relation, transitiveClosure, type EventSet } from '../relations/relation.js';

/** Well-formedness of rf and co, and the program's own assumptions. */
export function executionConstraints(g: EventGraph, unknowns: ExecutionUnknowns): BoolTerm[] {
  const out: BoolTerm[] = [];
  const sourcesOf = new Map<number, BoolTerm[]>();
  for (const { w, r, v } of unknowns.rf) {
    const we = g.events[w]!;
    const re = g.events[r]!;
    out.push(implies(v, and(we.guard, re.guard, sameLocation(we, re), eq(re.value!, we.value!))));
    let l = sourcesOf.get(r);
    if (!l) sourcesOf.set(r, (l = []));
    l.push(v);
  }
  for (const e of g.events) {
    if (e.kind !== 'R') continue;
    const sources = sourcesOf.get(e.id) ?? [];
    out.push(implies(e.guard, orAll(sources)));
    for (let i = 0; i < sources.length; i++) {
      for (let j = i + 1; j < sources.length; j++) out.push(not(and(sources[i]!, sources[j]!)));
    }
  }
  // Coherence ranks, unless the model generates co itself (herd's withoutco).
  const writes = unknowns.rank.size > 0 ? g.events.filter((e) => e.kind === 'W' && e.thread >= 0) : [];
  for (let i = 0; i < writes.length; i++) {
    for (let j = i + 1; j < writes.length; j++) {
      const a = writes[i]!;
      const b = writes[j]!;
      const same = and(a.guard, b.guard, sameLocation(a, b));
      const [ra, rb] = [unknowns.rank.get(a.id)!, unknowns.rank.get(b.id)!];
      if (same !== FALSE) out.push(implies(same, or(before(ra, rb), before(rb, ra))));
    }
  }
  out.push(...g.assumptions, ...unknowns.constraints);
  return out.filter((t) => t !== TRUE);
}

/** Strongly connected components (Tarjan) of a graph given by successor lists. */
function componentOf(nodes: Iterable<number>, succ: Map<number, number[]>): Map<number, number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const comp = new Map<number, number>();
  let counter = 0;
  let compCount = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Iterative DFS: frames of (node, next child position).
    const frames: [number, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      const next = succ.get(v) ?? [];
      if (i < next.length) {
        frame[1]++;
        const w = next[i]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.set(w, compCount);
        } while (w !== v);
        compCount++;
      }
    }
  }
  return comp;
}

/** The may-edges of `r` that lie on a possible cycle: self-loops and edges inside a strongly connected component. */
export function edgesOnCycles(r: Relation): [number, number, BoolTerm][] {
  const succ = new Map<number, number[]>();
  const nodes = new Set<number>();
  for (const [a, b] of r.pairs()) {
    nodes.add(a);
    nodes.add(b);
    let l = succ.get(a);
    if (!l) succ.set(a, (l = []));
    l.push(b);
  }
  const comp = componentOf(nodes, succ);
  return [...r.pairs()].filter(([a, b]) => a === b || comp.get(a) === comp.get(b));
}

/** `acyclic r`: ranks ordered along every may-edge that lies on a possible cycle. */
export function acyclicConstraints(r: Relation, rankPrefix: string): BoolTerm[] {
  const out = edgesOnCycles(r).map(([a, b, c]) =>
    a === b ? not(c) : implies(c, before(rankVar(`${rankPrefix}_${a}`), rankVar(`${rankPrefix}_${b}`))),
  );
  return out.filter((t) => t !== TRUE);
}

/**
 * A cycle of `r` that takes an edge of `through` (under its condition
 * there), as an existential witness: such edges a -> b are chosen as
 * starts, a start's source is reached, and every reached node is the target
 * of a start or of an edge from a reached node of lower rank
 * (`${prefix}_rank_v`). Following the supports back from a start ends at
 * another start, so some starts close a cycle. Exact; FALSE when no edge of
 * `through` lies on a possible cycle.
 */
export function cycleThrough(r: Relation, through: Relation, prefix: string): { cyclic: BoolTerm; constraints: BoolTerm[] } {
  const edges = edgesOnCycles(r);
  const starts = edges.map(([a, b, c]): [number, number, BoolTerm] => [a, b, and(c, through.get(a, b))]).filter(([, , c]) => c !== FALSE);
  if (starts.length === 0) return { cyclic: FALSE, constraints: [] };
  const reached = (v: number) => boolVar(`${prefix}_reached_${v}`);
  const rank = (v: number) => rankVar(`${prefix}_rank_${v}`);
  const start = starts.map(([a, b]) => boolVar(`${prefix}_start_${a}_${b}`));
  const constraints: BoolTerm[] = starts.map(([a, , c], i) => implies(start[i]!, and(c, reached(a))));
  const into = new Map<number, BoolTerm[]>();
  const support = (v: number, t: BoolTerm) => {
    const l = into.get(v);
    if (l) l.push(t);
    else into.set(v, [t]);
  };
  starts.forEach(([, b], i) => support(b, start[i]!));
  for (const [x, y, c] of edges) support(y, and(reached(x), c, before(rank(x), rank(y))));
  const nodes = new Set(edges.flatMap(([x, y]) => [x, y]));
  for (const v of nodes) constraints.push(implies(reached(v), orAll(into.get(v) ?? [])));
  const cyclic = boolVar(`${prefix}_cyclic`);
  constraints.push(implies(cyclic, orAll(start)));
  return { cyclic, constraints };
}

/** Condition under which a relation has a cycle (for negated acyclicity checks). */
export function cyclicCondition(r: Relation): BoolTerm {
  const plus = transitiveClosure(r);
  const loops: BoolTerm[] = [];
  for (const [a, b, c] of plus.pairs()) if (a === b) loops.push(c);
  return orAll(loops);
}

export type CheckKind = 'acyclic' | 'irreflexive' | 'empty';

/** Condition under which a check (`acyclic`, `irreflexive`, `empty`) holds; exact. */
export function checkHolds(kind: CheckKind, value: Relation | EventSet): BoolTerm {
  if (!(value instanceof Relation)) {
    if (kind !== 'empty') throw new Error(`${kind} applied to a set`);
    return not(orAll([...value.values()]));
  }
  switch (kind) {
    case 'empty':
      return not(orAll([...value.edges.values()]));
    case 'irreflexive': {
      const loops: BoolTerm[] = [];
      for (const [a, b, c] of value.pairs()) if (a === b) loops.push(c);
      return not(orAll(loops));
    }
    case 'acyclic':
      return not(cyclicCondition(value));
  }
}

/**
 * Constraints that make a required check hold. Positive acyclicity uses
 * ranks (cheaper than the exact closure); everything else its exact condition.
 */
export function requireCheck(kind: CheckKind, negated: boolean, value: Relation | EventSet, rankPrefix: string): BoolTerm[] {
  if (!negated && kind === 'acyclic' && value instanceof Relation) return acyclicConstraints(value, rankPrefix);
  const holds = checkHolds(kind, value);
  const c = negated ? not(holds) : holds;
  return c === TRUE ? [] : [c];
}
