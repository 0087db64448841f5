// Values out of thin air, and values that cycle only through copies.
//
// herd7 solves an execution's values as equations. A read whose value comes
// back to it through writes computed from reads has no solution, and herd7
// leaves the execution out. One whose value only cycles through copies
// (`r = *x; *y = r;` both ways) is a free unknown: herd7 keeps the execution
// and prints the value as a symbol (`0:r1=S8`), equal to no number and to no
// other cycle's symbol. An execution that computes with a symbol (a branch
// on it, arithmetic, an address) has no solution again and is left out.
//
// Encoding: one read of each copy cycle breaks it (`breaks_r`): its value is
// the symbol SYMBOL_BASE + r, and value flow out of it does not count for
// acyclicity. A read is `symbolic_r` when it breaks a cycle or reads a copy
// of a symbolic read; no symbolic value may be computed with.

import { SYMBOL_BASE, type EventGraph } from '../events/graph.js';
import { and, boolVar, eq, FALSE, iff, implies, int, not, or, orAll, TRUE, type BoolTerm } from '../logic/term.js';
import { copyFlow, readsByValueName, readsIn, valueFlow, type ExecutionUnknowns } from '../relations/base.js';
import { Relation } from '../relations/relation.js';
import { acyclicConstraints, cycleThrough, edgesOnCycles } from '../smt/encode.js';

export interface ValueCycles {
  /** Assumption literal: value flow is acyclic once copy cycles are broken (TRUE when no cycle is possible). */
  grounded: BoolTerm;
  /** Assumption literal: no symbol is computed with (TRUE when there can be no symbol). */
  symbolsCopiedOnly: BoolTerm;
  /** Holds in an execution that computes with a symbol (FALSE when none can). */
  computesWithSymbol: BoolTerm;
  /** Holds in an execution with a cycle of value flow through a computed value (FALSE when none can have one). */
  computedCycle: BoolTerm;
  constraints: BoolTerm[];
}

export function valueCycles(g: EventGraph, unknowns: ExecutionUnknowns): ValueCycles {
  const flow = valueFlow(g, unknowns);
  // No value can come back to its read: nothing to break, no symbol (most tests).
  if (edgesOnCycles(flow).length === 0) return { grounded: TRUE, symbolsCopiedOnly: TRUE, computesWithSymbol: FALSE, computedCycle: FALSE, constraints: [] };
  const constraints: BoolTerm[] = [];
  const copies = copyFlow(g, unknowns);
  const isRead = (id: number) => g.events[id]!.kind === 'R';

  // Breaking reads: those on a possible cycle of copies.
  const breaks = new Map<number, BoolTerm>();
  for (const [a] of edgesOnCycles(copies)) {
    if (!isRead(a) || breaks.has(a)) continue;
    const b = boolVar(`breaks_${a}`);
    breaks.set(a, b);
    const r = g.events[a]!;
    constraints.push(implies(b, and(r.guard, eq(r.value!, int(SYMBOL_BASE + a)))));
  }

  const cut = Relation.fromPairs(
    g.events.length,
    [...flow.pairs()].map(([a, b, c]): [number, number, BoolTerm] => [a, b, breaks.has(a) ? and(c, not(breaks.get(a)!)) : c]),
  );
  const grounded = boolVar('grounded');
  constraints.push(...acyclicConstraints(cut, 'vflow').map((t) => implies(grounded, t)));

  // Symbolic reads: the breaking ones and every read that copies one.
  const symbolic = new Map<number, BoolTerm>();
  const copySucc = copies.successors();
  const pending = [...breaks.keys()];
  while (pending.length > 0) {
    const e = pending.pop()!;
    if (isRead(e)) {
      if (symbolic.has(e)) continue;
      symbolic.set(e, boolVar(`symbolic_${e}`));
    }
    for (const [next] of copySucc.get(e) ?? []) if (!isRead(next) || !symbolic.has(next)) pending.push(next);
  }
  const copiedBy = new Map<number, [number, BoolTerm][]>();
  for (const [a, b, c] of copies.pairs()) {
    if (isRead(a) && symbolic.has(a)) (copiedBy.get(b) ?? copiedBy.set(b, []).get(b)!).push([a, c]);
  }
  const rfInto = new Map<number, [number, BoolTerm][]>();
  for (const { w, r, v } of unknowns.rf) if (symbolic.has(r)) (rfInto.get(r) ?? rfInto.set(r, []).get(r)!).push([w, v]);
  for (const [r, s] of symbolic) {
    const fromCopy = (rfInto.get(r) ?? []).flatMap(([w, v]) => (copiedBy.get(w) ?? []).map(([src, c]) => and(v, c, symbolic.get(src)!)));
    constraints.push(iff(s, or(breaks.get(r) ?? FALSE, orAll(fromCopy))));
  }

  const readOf = readsByValueName(g);
  const uses: BoolTerm[] = [];
  for (const u of g.valueUses) {
    for (const [name, c] of readsIn(u.term, u.when, 'used')) {
      const s = symbolic.get(readOf.get(name) ?? -1);
      if (s) uses.push(and(c, s));
    }
  }
  const computesWithSymbol = orAll(uses);
  const symbolsCopiedOnly = computesWithSymbol === FALSE ? TRUE : boolVar('symbolsCopiedOnly');
  if (symbolsCopiedOnly !== TRUE) constraints.push(implies(symbolsCopiedOnly, not(computesWithSymbol)));

  // A flow edge that computes (not only copies) a value.
  const computing = Relation.fromPairs(
    g.events.length,
    [...flow.pairs()].filter(([a]) => isRead(a)).map(([a, b, c]): [number, number, BoolTerm] => [a, b, and(c, not(copies.get(a, b)))]),
  );
  const computed = cycleThrough(flow, computing, 'oota');
  constraints.push(...computed.constraints);
  return { grounded, symbolsCopiedOnly, computesWithSymbol, computedCycle: computed.cyclic, constraints: constraints.filter((t) => t !== TRUE) };
}
