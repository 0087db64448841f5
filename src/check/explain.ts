// `explain`: why an outcome is forbidden, or how it happens.
//
// Forbidden: the executions that would reach the outcome with every barrier
// dropped are grouped by their final state ("paths"); for each, the minimal
// sets of barriers that rule it out (unsat cores over the barriers' enable
// literals, shrunk to minimal, src/check/whatif.ts), the axioms the model
// needs to rule it out (each axiom has a switch literal in this encoding),
// and the cycle the execution closes through those barriers, in words.
// Reachable: the cycle of the witness, with the barriers that fail to
// break it.

import type { EventGraph, MemEvent } from '../events/graph.js';
import { Evaluator } from '../logic/term.js';
import type { Barrier } from '../program/barriers.js';
import type { Program } from '../program/ir.js';
import { concreteRelations, executionValuation, type Execution } from '../relations/base.js';
import type { LoadedModel } from './models.js';
import type { FinalState, Verdict, Witness } from './result.js';
import { spell, WhatIf } from './whatif.js';

export interface ExplainedPath {
  /** Final states (over the condition's observables) the path reaches without barriers. */
  states: FinalState[];
  /** Every minimal set of barrier ids that alone forbids these states. */
  minimalSets: string[][];
  /** Axioms of the model the first minimal set needs to rule the path out. */
  axioms: string[];
  /** The cycle an execution of the path closes, with the first minimal set's barriers on it. */
  cycle: string;
}

export interface Explanation {
  file: string;
  name: string;
  model: string;
  verdict: Verdict;
  forbidden: boolean;
  /** For a forbidden outcome: one entry per path to it. */
  paths: ExplainedPath[];
  /** For a reachable outcome: the witness's cycle, and the witness. */
  cycle?: string;
  witness?: Witness;
  reason?: string;
  timeMs: number;
}

const SEQUENTIALLY_CONSISTENT = 'no cycle in po, rf, co and fr: the outcome is reachable under sequential consistency';

export async function explain(program: Program, opts: { model: LoadedModel; unroll: number; timeoutMs?: number }): Promise<Explanation> {
  const started = performance.now();
  const out: Explanation = { file: program.file, name: program.name, model: opts.model.name, verdict: 'Unknown', forbidden: false, paths: [], timeMs: 0 };
  const done = (reason?: string) => {
    if (reason) out.reason = reason;
    out.timeMs = Math.round(performance.now() - started);
    return out;
  };
  const w = await WhatIf.create(program, { ...opts, axiomSwitches: true });
  if (!(w instanceof WhatIf)) return done(w.unsupported);
  try {
    const asWritten = w.family.asWritten();
    const base = await w.verdict(asWritten);
    out.verdict = base.verdict;
    if (base.verdict === 'Unknown') return done(base.reason);
    const barriers = w.family.barriers;
    const reached = await w.badExecutions(asWritten, 1);
    if (reached === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    if (reached.length > 0) {
      out.witness = reached[0]!.witness;
      out.cycle = describeCycle(w.enc.graph, reached[0]!.execution, barriers) ?? SEQUENTIALLY_CONSISTENT;
      return done();
    }
    out.forbidden = true;

    // The paths: the states the outcome is reached in with no barrier at all.
    const allOff = new Map(barriers.map((b) => [b.id, 'none']));
    const paths = await w.badExecutions(allOff);
    if (paths === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    if (paths.length === 0) return done('the outcome is unreachable even without barriers');
    const groups = new Map<string, { states: FinalState[]; values: number[]; execution: Execution; sets: string[][] }>();
    for (const p of paths) {
      const sets = await w.minimalSufficientSets(w.stateGoal(p.values));
      if (sets === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      const key = JSON.stringify(sets);
      const g = groups.get(key);
      if (g) g.states.push(p.state);
      else groups.set(key, { states: [p.state], values: p.values, execution: p.execution, sets });
    }
    for (const g of groups.values()) {
      const first = new Set(g.sets[0] ?? []);
      const config = new Map(barriers.map((b) => [b.id, first.has(b.id) ? asWritten.get(b.id)! : 'none']));
      const axioms = await w.axiomsNeeded(config, w.stateGoal(g.values));
      if (axioms === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      out.paths.push({
        states: g.states,
        minimalSets: g.sets,
        axioms,
        cycle: describeCycle(w.enc.graph, g.execution, barriers.filter((b) => first.has(b.id))) ?? SEQUENTIALLY_CONSISTENT,
      });
    }
    return done();
  } finally {
    w.dispose();
  }
}

/**
 * The shortest cycle in po | rf | co | fr of an execution, in words, with
 * each program-order step labelled by the barriers of `on` that lie on it:
 * `P0 W x=1 -[smp_wmb]-> W y=1 -rfe-> P1 R y=1 -[smp_rmb]-> R x=0 -fre->
 * P0 W x=1`. Undefined when the execution is sequentially consistent.
 */
export function describeCycle(g: EventGraph, x: Execution, on: Barrier[]): string | undefined {
  const base = concreteRelations(g, x);
  const ev = new Evaluator(executionValuation(x));
  const events = new Map(g.events.filter((e) => base.universe.has(e.id) && e.kind !== 'F').map((e) => [e.id, e]));
  const edges = new Map<number, { to: number; via: string }[]>();
  const add = (name: string, via: (a: MemEvent, b: MemEvent) => string) => {
    for (const [a, b] of base.relations.get(name)!.pairs()) {
      const ea = events.get(a);
      const eb = events.get(b);
      if (!ea || !eb) continue;
      let l = edges.get(a);
      if (!l) edges.set(a, (l = []));
      l.push({ to: b, via: via(ea, eb) });
    }
  };
  add('po', (a, b) => poLabel(a, b, on));
  for (const name of ['rf', 'co', 'fr']) add(name, (a, b) => `-${name}${a.thread === b.thread ? 'i' : 'e'}->`);

  // The shortest cycle, by breadth-first search from each event; among the
  // shortest, the one naming the most barriers.
  let best: { nodes: number[]; vias: string[] } | undefined;
  const named = (c: { vias: string[] }) => c.vias.filter((v) => v.startsWith('-[')).length;
  for (const start of [...events.keys()].sort((a, b) => a - b)) {
    const prev = new Map<number, { from: number; via: string }>();
    const queue = [start];
    let closing: { from: number; via: string } | undefined;
    while (queue.length > 0 && !closing) {
      const v = queue.shift()!;
      for (const e of edges.get(v) ?? []) {
        if (e.to === start) {
          closing = { from: v, via: e.via };
          break;
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, { from: v, via: e.via });
          queue.push(e.to);
        }
      }
    }
    if (!closing) continue;
    const nodes = [closing.from];
    const vias = [closing.via];
    for (let n = closing.from; n !== start; ) {
      const p = prev.get(n)!;
      nodes.unshift(p.from);
      vias.unshift(p.via);
      n = p.from;
    }
    const c = { nodes, vias };
    if (!best || nodes.length < best.nodes.length || (nodes.length === best.nodes.length && named(c) > named(best))) best = c;
  }
  if (!best) return undefined;
  const show = (id: number, withThread: boolean) => {
    const e = events.get(id)!;
    const loc = g.locations.find((l) => l.code === ev.int(e.addr!))?.name ?? '?';
    return `${withThread ? `P${e.thread} ` : ''}${e.kind} ${loc}=${ev.int(e.value!)}`;
  };
  const parts: string[] = [];
  best.nodes.forEach((id, i) => {
    const previous = i === 0 ? undefined : events.get(best!.nodes[i - 1]!)!.thread;
    parts.push(show(id, events.get(id)!.thread !== previous), best!.vias[i]!);
  });
  parts.push(show(best.nodes[0]!, true));
  return parts.join(' ');
}

/** A program-order step's label: the barriers of `on` on it (by source line), or plain po. */
function poLabel(a: MemEvent, b: MemEvent, on: Barrier[]): string {
  const line = (e: MemEvent) => e.pos?.line ?? 0;
  const names = on
    .filter((x) => x.thread === a.thread)
    .filter((x) =>
      x.class === 'fence' || x.class === 'rcu-section'
        ? line(a) < x.pos.line && x.pos.line < line(b)
        : (x.pos.line === line(a) && (x.class === 'load' || x.class === 'rmw')) ||
          (x.pos.line === line(b) && (x.class === 'store' || x.class === 'rmw')),
    )
    .map((x) => spell(x, x.kind));
  return names.length > 0 ? `-[${[...new Set(names)].join(', ')}]->` : '-po->';
}
