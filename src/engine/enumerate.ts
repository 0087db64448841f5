// Brute-force enumeration of the executions of a small program: every choice
// of rf source for every read and every coherence order, each checked against
// the model concretely. Exponential, and meant only as a differential oracle
// for the SMT path in tests.

import { Evaluator, int, TRUE, type IntTerm, type Valuation } from '../logic/term.js';
import { concreteRelations, sameLocation, type Execution } from '../relations/base.js';
import type { Program } from '../program/ir.js';
import { observableName } from '../program/ir.js';
import { evaluateChecks, type LoadedModel } from './models.js';
import { checkHoldsConcretely, showValue } from './replay.js';
import type { FinalState } from './result.js';
import { modelEventGraph, observationOf, propTerm } from './encoding.js';
import { finalValues, symbolicRelations } from '../relations/base.js';
import { FALSE } from '../logic/term.js';

export interface Enumeration {
  states: FinalState[];
  positive: number;
  negative: number;
  /** Executions examined (candidate rf/co choices with consistent values). */
  candidates: number;
}

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) yield [items[i]!, ...p];
  }
}

function* product(sizes: number[]): Generator<number[]> {
  const idx = sizes.map(() => 0);
  if (sizes.some((s) => s === 0)) return;
  for (;;) {
    yield idx;
    let k = 0;
    while (k < sizes.length) {
      idx[k]!++;
      if (idx[k]! < sizes[k]!) break;
      idx[k] = 0;
      k++;
    }
    if (k === sizes.length) return;
  }
}

export function enumerateExecutions(program: Program, model: LoadedModel, opts: { unroll: number; limit?: number }): Enumeration {
  if (model.herd) throw new Error("cannot enumerate: the brute-force oracle does not support herd's own model files");
  const { graph: g, unsupported } = modelEventGraph(program, model, opts.unroll);
  if (unsupported) throw new Error(`cannot enumerate: ${unsupported}`);
  const { base } = symbolicRelations(g);
  const obs = observationOf(program, g, finalValues(g, base));
  const condition = program.condition?.prop;
  const filter = program.filter ? propTerm(program.filter, obs, g, program) : TRUE;
  const reads = g.events.filter((e) => e.kind === 'R');
  const writes = g.events.filter((e) => e.kind === 'W');
  const sources = reads.map((r) => writes.filter((w) => sameLocation(w, r) !== FALSE));
  // Candidates: rf choices times coherence orders (k! per location with k writes).
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const coOrders = writes
    .filter((init) => init.thread < 0)
    .reduce((n, init) => n * factorial(writes.filter((w) => w.thread >= 0 && sameLocation(w, init) !== FALSE).length), 1);
  const total = sources.reduce((n, s) => n * s.length, 1) * coOrders;
  if (total > (opts.limit ?? 200000)) throw new Error(`enumeration too large: ${total} candidate executions`);

  const seen = new Map<string, { state: FinalState; holds: boolean }>();
  let candidates = 0;
  for (const choice of product(sources.map((s) => s.length))) {
    // Values by fixpoint from all-zero: each read takes its source's value.
    const values = new Map<number, number>();
    for (const r of reads) values.set(r.id, 0);
    const valuation: Valuation = {
      bool: () => false,
      int: (name) => values.get(Number(name.slice(3))) ?? 0,
    };
    let stable = false;
    let ev = new Evaluator(valuation);
    for (let round = 0; round < reads.length + 2 && !stable; round++) {
      ev = new Evaluator(valuation);
      stable = true;
      reads.forEach((r, i) => {
        const w = sources[i]![choice[i]!]!;
        const v = ev.int(w.value!);
        if (values.get(r.id) !== v) {
          values.set(r.id, v);
          stable = false;
        }
      });
    }
    if (!stable) continue;
    ev = new Evaluator(valuation);
    const happens = (id: number) => ev.bool(g.events[id]!.guard);
    let ok = true;
    const rf = new Map<number, number>();
    reads.forEach((r, i) => {
      if (!happens(r.id)) {
        if (choice[i] !== 0) ok = false; // one representative for reads that do not happen
        return;
      }
      const w = sources[i]![choice[i]!]!;
      if (!happens(w.id) || ev.int(w.addr!) !== ev.int(r.addr!)) ok = false;
      rf.set(r.id, w.id);
    });
    if (!ok) continue;
    if (!g.assumptions.every((a) => ev.bool(a)) || !ev.bool(filter)) continue;
    if (g.badPointers.some((b) => ev.bool(b.cond)) || g.cuts.some((c) => ev.bool(c.reached))) continue;
    const byLocation = new Map<number, number[]>();
    for (const w of writes) {
      if (!happens(w.id) || w.thread < 0) continue;
      const loc = ev.int(w.addr!);
      let l = byLocation.get(loc);
      if (!l) byLocation.set(loc, (l = []));
      l.push(w.id);
    }
    const inits = new Map(writes.filter((w) => w.thread < 0).map((w) => [ev.int(w.addr!), w.id]));
    const locs = [...inits.keys()];
    const perms = locs.map((l) => [...permutations(byLocation.get(l) ?? [])]);
    for (const pick of product(perms.map((p) => p.length))) {
      const co = new Map<number, number[]>();
      locs.forEach((l, i) => co.set(l, [inits.get(l)!, ...perms[i]![pick[i]!]!]));
      const execution: Execution = { readValues: new Map([...values].filter(([r]) => happens(r))), rf, co };
      candidates++;
      const concrete = concreteRelations(g, execution);
      const allowed = evaluateChecks(model, concrete).every((c) => c.flag || checkHoldsConcretely(c));
      if (!allowed) continue;
      const raw = new Map<string, IntTerm>();
      for (const o of obs.observables) {
        const name = observableName(o);
        if (o.kind === 'mem') {
          const order = co.get(g.locations.find((l) => l.name === o.name)!.code)!;
          raw.set(name, int(ev.int(g.events[order[order.length - 1]!]!.value!)));
        } else {
          raw.set(name, int(ev.int(obs.terms.get(name)!)));
        }
      }
      const state: FinalState = {};
      for (const [name, v] of raw) state[name] = showValue(g, v.value!);
      const key = JSON.stringify(state);
      if (!seen.has(key)) {
        // The condition reads only observables: evaluate it on the final state.
        const holds = condition ? propTerm(condition, { observables: obs.observables, terms: raw }, g, program) === TRUE : true;
        seen.set(key, { state, holds });
      }
    }
  }
  const states = [...seen.values()];
  return {
    states: states.map((s) => s.state),
    positive: states.filter((s) => s.holds).length,
    negative: states.filter((s) => !s.holds).length,
    candidates,
  };
}

