// The model as a theory checked lazily (in the style of "consistency as a
// theory"): the solver picks an execution under the cheap axioms only (rf,
// co and values well formed, the program's own constraints), and this
// module checks it concretely against the cat model, with the same
// evaluator that replays witnesses. A violation comes back as a clause over
// the execution's unknowns, true of every execution that violates the
// model for the same reason, so the solver never proposes those again.
//
// A reason is made of
//  - control facts: the value of every condition of the event graph that
//    is not a constant (guards, tags, dependency edges, locations), so the
//    events, their tags and the static relations are those of the execution;
//  - its coherence order (consecutive writes of each location);
//  - its rf edges: only those the violation needs when the model's axioms
//    are monotone in rf (monotone.ts): edges are dropped, in chunks, while the
//    model stays violated without them; all of them otherwise;
//  - the values read, when the model reads values (different-values, ...).
// The base relations are a function of these facts, so the clause is sound
// for any model the evaluator handles; the clauses stay valid for every
// query on the same program (they say nothing about what is asked).

import type { EventGraph } from '../../events/graph.js';
import { before, boolVar, eq, Evaluator, int, not, orAll, TRUE, FALSE, type BoolTerm, type IntTerm, type Valuation } from '../../logic/term.js';
import { concreteRelations, rfVarName, sameLocation, type Execution, type ExecutionUnknowns } from '../../relations/base.js';
import { ConcreteChoices } from '../../cat/choices.js';
import type { ModelCheck } from '../../cat/evaluate.js';
import { evaluateModelOn, loadInclude, type LoadedModel } from '../models.js';
import { checkHoldsConcretely, executionOf } from '../replay.js';
import { analyseModel } from './monotone.js';

export interface TheoryStats {
  /** Candidate executions checked. */
  candidates: number;
  /** Clauses learnt (violations explained). */
  conflicts: number;
  /** Model evaluations, minimisation included. */
  evaluations: number;
  /** Time spent checking candidates and explaining violations, in milliseconds. */
  ms: number;
}

export class LazyTheory {
  readonly stats: TheoryStats = { candidates: 0, conflicts: 0, evaluations: 0, ms: 0 };
  /** Flags raised by some consistent execution met so far, by name. */
  readonly raised = new Set<string>();
  private readonly monotone: boolean;
  /** Conditions of the event graph that are not constants. */
  private readonly controls: BoolTerm[];

  constructor(
    private readonly graph: EventGraph,
    private readonly model: LoadedModel,
    private readonly unknowns: ExecutionUnknowns,
  ) {
    this.monotone = analyseModel(model.cat, model.prelude, loadInclude).monotone;
    this.controls = controlConditions(graph);
  }

  /**
   * Checks the solver's current execution: undefined when the model allows
   * it, otherwise a clause that excludes it (and every execution violating
   * the model for the same reason).
   */
  explain(m: Valuation & { rank(name: string): number }): BoolTerm | undefined {
    const started = performance.now();
    try {
      return this.explainTimed(m);
    } finally {
      this.stats.ms += performance.now() - started;
    }
  }

  private explainTimed(m: Valuation & { rank(name: string): number }): BoolTerm | undefined {
    this.stats.candidates++;
    const { execution, ev } = executionOf(this.graph, m);
    const choices = new ConcreteChoices(m);
    // Events whose value or address the model read (different-values, classes-loc).
    const valued = new Set<number>();
    const addressed = new Set<number>();
    const evaluate = (x: Execution): ModelCheck[] => {
      this.stats.evaluations++;
      const base = concreteRelations(this.graph, x);
      const info = base.info;
      base.info = {
        locations: info.locations,
        addr: (id) => {
          addressed.add(id);
          return info.addr(id);
        },
        value: (id) => {
          valued.add(id);
          return info.value(id);
        },
      };
      return evaluateModelOn(this.model, base, { choices }).checks;
    };
    const violated = (checks: ModelCheck[]) => checks.some((c) => !c.flag && !checkHoldsConcretely(c));
    const checks = evaluate(execution);
    if (!violated(checks)) {
      for (const c of checks) if (c.flag && checkHoldsConcretely(c)) this.raised.add(c.name);
      return undefined;
    }
    this.stats.conflicts++;
    let rf = [...execution.rf];
    if (this.monotone) rf = minimise(rf, (kept) => violated(evaluate({ ...execution, rf: new Map(kept) })));
    const facts: BoolTerm[] = rf.map(([r, w]) => boolVar(rfVarName(w, r)));
    for (const t of this.controls) facts.push(ev.bool(t) ? t : not(t));
    // What the model read of values: which of them are equal (not the values themselves, which may be unbounded).
    const e = (id: number) => this.graph.events[id]!;
    facts.push(...equalities([...valued].map((id) => e(id).value), ev), ...equalities([...addressed].map((id) => e(id).addr), ev));
    // Every fact holds in the execution, so the clause excludes it (the solver cannot propose it again).
    if (!facts.every((f) => ev.bool(f))) throw new Error('memorder bug: a lazy reason does not hold in its execution');
    // Coherence, true by construction: consecutive writes of each location.
    for (const order of execution.co.values()) {
      for (let i = 2; i < order.length; i++) facts.push(before(this.rank(order[i - 1]!), this.rank(order[i]!)));
    }
    return orAll(facts.map((f) => not(f)));
  }

  private rank(w: number): IntTerm {
    return this.unknowns.rank.get(w)!;
  }
}

/** For each two of the terms, whether they are equal in the execution. */
function equalities(terms: (IntTerm | undefined)[], ev: Evaluator): BoolTerm[] {
  const ts = terms.filter((t): t is IntTerm => t !== undefined);
  const out: BoolTerm[] = [];
  for (let i = 0; i < ts.length; i++) {
    for (let j = i + 1; j < ts.length; j++) {
      const same = eq(ts[i]!, ts[j]!);
      if (same !== TRUE && same !== FALSE) out.push(ev.bool(same) ? same : not(same));
    }
  }
  return out;
}

/**
 * A smallest-found part of `items` that `keeps` still accepts (it accepts
 * all of them): chunks are dropped, halving the chunk size down to one.
 */
function minimise<T>(items: T[], keeps: (part: T[]) => boolean): T[] {
  let kept = items;
  if (kept.length === 0) return kept;
  for (let size = Math.ceil(kept.length / 2); ; size = Math.ceil(size / 2)) {
    for (let i = 0; i < kept.length; ) {
      const part = [...kept.slice(0, i), ...kept.slice(i + size)];
      if (part.length < kept.length && keeps(part)) kept = part;
      else i += size;
    }
    if (size === 1) return kept;
  }
}

const controlsOf = new WeakMap<EventGraph, BoolTerm[]>();

/** Every condition of a graph that the base relations read and that is not a constant. */
function controlConditions(g: EventGraph): BoolTerm[] {
  let out = controlsOf.get(g);
  if (out) return out;
  const terms = new Set<BoolTerm>();
  const add = (t: BoolTerm) => {
    if (t !== TRUE && t !== FALSE) terms.add(t);
  };
  for (const e of g.events) add(e.guard);
  for (const m of g.tags.values()) for (const c of m.values()) add(c);
  for (const edges of [g.po, g.addr, g.data, g.ctrl, g.rmw]) for (const [, , c] of edges) add(c);
  const located = g.events.filter((e) => e.addr !== undefined);
  for (let i = 0; i < located.length; i++) {
    for (let j = i + 1; j < located.length; j++) add(sameLocation(located[i]!, located[j]!));
  }
  out = [...terms];
  controlsOf.set(g, out);
  return out;
}

