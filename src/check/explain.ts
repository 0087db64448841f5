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
import { dropLock, lockLocations } from '../program/edit.js';
import type { Program } from '../program/ir.js';
import { Naming } from '../program/naming.js';
import { concreteRelations, executionValuation, type Execution } from '../relations/base.js';
import type { LoadedModel } from '../engine/models.js';
import type { Explanation } from './explanation.js';
import { verifyProgram } from './verify.js';
import { spell, WhatIf } from './whatif.js';

const SEQUENTIALLY_CONSISTENT = 'no cycle in po, rf, co and fr: the outcome is reachable under sequential consistency';

export async function explain(program: Program, opts: { model: LoadedModel; unroll: number; timeoutMs?: number }): Promise<Explanation> {
  const started = performance.now();
  const out: Explanation = { file: program.file, name: program.name, model: opts.model.name, verdict: 'Unknown', forbidden: false, paths: [], timeMs: 0 };
  const done = (reason?: string) => {
    if (reason) out.reason = reason;
    out.timeMs = Math.round(performance.now() - started);
    return out;
  };
  const naming = Naming.of(program);
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
      out.cycle = describeCycle(w.enc.graph, reached[0]!.execution, barriers, naming) ?? SEQUENTIALLY_CONSISTENT;
      return done();
    }
    out.forbidden = true;

    // The paths: the ways (events that happen, and the thread each read
    // reads from) the outcome is reached in with no barrier at all.
    const allOff = new Map(barriers.map((b) => [b.id, 'none']));
    const ways = await w.badPaths(allOff);
    if (ways === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    if (ways.length === 0) {
      const locks = await locksRulingOut(program, opts);
      if (locks === 'unknown') return done('the outcome is unreachable even without barriers; whether a lock rules it out is unknown (solver)');
      if (locks.length === 0) return done('the outcome is unreachable even without barriers');
      const names = locks.map((l) => `'${l}'`).join(', ');
      return done(`the outcome is unreachable even without barriers: ruled out by the lock${locks.length > 1 ? 's' : ''} ${names} (the outcome is reachable without ${locks.length > 1 ? 'any one of them' : 'it'})`);
    }
    // One group per way, then ways merged while they share a minimal set:
    // a group reports the sets that rule out all of its ways.
    let groups: { ways: typeof ways; sets: string[][] }[] = [];
    for (const way of ways) {
      const sets = await w.minimalSufficientSets(w.wayGoal(way.way));
      if (sets === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      groups.push({ ways: [way], sets });
    }
    groups = mergeGroups(groups);
    const representatives = groups.map((g) => g.ways.map((x) => x.execution));
    for (const [i, g] of groups.entries()) {
      const first = new Set(g.sets[0] ?? []);
      const config = new Map(barriers.map((b) => [b.id, first.has(b.id) ? asWritten.get(b.id)! : 'none']));
      const ruling = await w.axiomsRulingOut(config, w.wayGoal(g.ways[0]!.way));
      if (ruling === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      const axioms = ruling.needed.length > 0 ? ruling.needed : ruling.alone;
      const example = g.ways[0]!;
      out.paths.push({
        states: [...new Map(g.ways.map((x) => [JSON.stringify(x.witness.state), x.witness.state])).values()],
        reads: distinguishingReads(w.enc.graph, representatives, i, naming),
        minimalSets: g.sets,
        axioms,
        cycle: describeCycle(w.enc.graph, example.execution, barriers.filter((b) => first.has(b.id)), naming) ?? SEQUENTIALLY_CONSISTENT,
      });
    }
    // A stable order, whatever order the solver found the paths in.
    out.paths.sort((a, b) => a.reads.join('\n').localeCompare(b.reads.join('\n')) || JSON.stringify(a.minimalSets).localeCompare(JSON.stringify(b.minimalSets)));
    return done();
  } finally {
    w.dispose();
  }
}

/**
 * The locks of a program whose critical sections rule the outcome out:
 * those without whose spin_lock()/spin_unlock() the outcome is reachable
 * (a lock the program also tests with spin_trylock() is left alone).
 */
async function locksRulingOut(program: Program, opts: { model: LoadedModel; unroll: number; timeoutMs?: number }): Promise<string[] | 'unknown'> {
  const out: string[] = [];
  for (const location of lockLocations(program)) {
    const unlocked = dropLock(program, location);
    if (!unlocked) continue;
    const r = await verifyProgram(unlocked, opts);
    if (r.verdict === 'Unknown') return 'unknown';
    if (r.verdict !== 'Never') out.push(location);
  }
  return out;
}

/**
 * The shortest cycle in po | rf | co | fr of an execution, in words, with
 * each program-order step labelled by the barriers of `on` that lie on it:
 * `P0 W x=1 -[smp_wmb]-> W y=1 -rfe-> P1 R y=1 -[smp_rmb]-> R x=0 -fre->
 * P0 W x=1` (threads named as `naming` names them). Undefined when the
 * execution is sequentially consistent.
 */
export function describeCycle(g: EventGraph, x: Execution, on: Barrier[], naming: Naming): string | undefined {
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
  add('po', (a, b) => poLabel(g, a, b, on));
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
    return `${withThread ? `${naming.thread(e.thread)} ` : ''}${e.kind} ${loc}=${ev.int(e.value!)}`;
  };
  const parts: string[] = [];
  best.nodes.forEach((id, i) => {
    const previous = i === 0 ? undefined : events.get(best!.nodes[i - 1]!)!.thread;
    parts.push(show(id, events.get(id)!.thread !== previous), best!.vias[i]!);
  });
  parts.push(show(best.nodes[0]!, true));
  return parts.join(' ');
}

/**
 * A program-order step's label: the barriers of `on` on it — fences between
 * the two events in program order, an acquire or RMW at its start, a
 * release or RMW at its end — or plain po.
 */
function poLabel(g: EventGraph, a: MemEvent, b: MemEvent, on: Barrier[]): string {
  const ids = new Map(on.map((x) => [x.id, x]));
  const names: string[] = [];
  for (const e of g.events) {
    const x = e.barrier !== undefined ? ids.get(e.barrier) : undefined;
    if (!x || e.thread !== a.thread) continue;
    const between = e.kind === 'F' && a.poIndex < e.poIndex && e.poIndex < b.poIndex;
    const atStart = e.id === a.id && (x.class === 'load' || x.class === 'rmw');
    const atEnd = e.id === b.id && (x.class === 'store' || x.class === 'rmw');
    if (between || atStart || atEnd) names.push(spell(x, x.kind));
  }
  return names.length > 0 ? `-[${[...new Set(names)].join(', ')}]->` : '-po->';
}

/**
 * Groups merged while some set rules out both (a set rules out a group when
 * it contains one of the group's minimal sets); a merged group keeps the
 * minimal ones among those sets.
 */
function mergeGroups<T>(groups: { ways: T[]; sets: string[][] }[]): { ways: T[]; sets: string[][] }[] {
  const contains = (big: string[], small: string[]) => small.every((x) => big.includes(x));
  const rulesOut = (set: string[], sets: string[][]) => sets.some((m) => contains(set, m));
  const out = groups.map((g) => ({ ways: [...g.ways], sets: g.sets }));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i]!, out[j]!];
        const both = [...a.sets, ...b.sets].filter((set) => rulesOut(set, a.sets) && rulesOut(set, b.sets));
        if (both.length === 0) continue;
        const minimal = both.filter((set, k) => !both.some((other, l) => l !== k && contains(set, other) && (other.length < set.length || l < k)));
        out[i] = { ways: [...a.ways, ...b.ways], sets: minimal };
        out.splice(j, 1);
        merged = true;
      }
    }
  }
  return out;
}

/**
 * What sets group `index` apart: the reads that read from the same thread
 * (or the initial value) in all its executions and from another in some
 * other group's, with where they read from.
 */
function distinguishingReads(g: EventGraph, groups: Execution[][], index: number, naming: Naming): string[] {
  const source = (x: Execution, r: number) => {
    const w = x.rf.get(r);
    return w === undefined ? undefined : g.events[w]!.thread;
  };
  const mine = groups[index]!;
  const out = new Set<string>();
  for (const [r, w] of mine[0]!.rf) {
    const here = source(mine[0]!, r);
    if (!mine.every((x) => source(x, r) === here)) continue;
    if (!groups.some((other, j) => j !== index && other.every((x) => source(x, r) !== here))) continue;
    const read = g.events[r]!;
    const write = g.events[w]!;
    const loc = g.locations.find((l) => l.code === new Evaluator(executionValuation(mine[0]!)).int(read.addr!))?.name ?? '?';
    const at = (e: MemEvent) => (e.pos ? ` (${e.pos.fn ? `${e.pos.fn}, ` : ''}${naming.at(e.pos)})` : '');
    out.add(`${naming.thread(read.thread)} R ${loc}${at(read)} from ${write.thread < 0 ? 'the initial value' : `${naming.thread(write.thread)}'s W${at(write)}`}`);
  }
  return [...out];
}
