// Trust, but check (DESIGN.md, decision 4): every execution the solver
// returns is rebuilt explicitly — which events happen, what each read reads,
// the coherence order — and the model is evaluated on it concretely, with
// every axiom checked by plain graph algorithms. Any disagreement with what
// the solver claimed is a bug in memorder and is reported as such.

import type { EventGraph, HerdDialect } from '../events/graph.js';
import { locationByCode, symbolReadOf } from '../events/graph.js';
import { Evaluator, freeVars, type BoolTerm, type IntTerm, type Valuation } from '../logic/term.js';
import {
  concreteRelations,
  finalWriteVarName,
  rankVarName,
  rfVarName,
  type Execution,
} from '../relations/base.js';
import { findCycle, Relation } from '../relations/relation.js';
import type { ModelCheck } from '../cat/evaluate.js';
import { ChoiceViolation, ConcreteChoices } from '../cat/choices.js';
import { evaluateModelOn, type LoadedModel } from './models.js';
import type { FinalState, Witness, WitnessEvent } from './result.js';

export class ReplayError extends Error {
  constructor(message: string) {
    super(`memorder bug: witness replay disagrees with the solver: ${message}`);
    this.name = 'ReplayError';
  }
}

/** Whether a check holds on a concrete execution. */
export function checkHoldsConcretely(check: ModelCheck): boolean {
  const v = check.value;
  let holds: boolean;
  if (v instanceof Relation) {
    if (check.kind === 'empty') holds = v.size === 0;
    else if (check.kind === 'irreflexive') holds = ![...v.pairs()].some(([a, b]) => a === b);
    else holds = findCycle(v) === undefined;
  } else {
    if (check.kind !== 'empty') throw new ReplayError(`${check.kind} of a set`);
    holds = v.size === 0;
  }
  return check.negated ? !holds : holds;
}

export interface Observed {
  name: string;
  term: IntTerm;
}

/** Turns a value into what herd prints: a location name for addresses. */
export function showValue(g: EventGraph, v: number): number | string {
  return locationByCode(g, v)?.name ?? v;
}

/**
 * Names the values of one execution as herd prints them: locations by name,
 * copy cycles' symbols S1, S2, ... (named first in a final state's sorted
 * observables, as canonicalSymbols does).
 */
export class ValueNames {
  private readonly symbols = new Map<number, string>();
  constructor(private readonly g: EventGraph) {}

  show(v: number): number | string {
    if (symbolReadOf(this.g, v) === undefined) return showValue(this.g, v);
    let s = this.symbols.get(v);
    if (!s) this.symbols.set(v, (s = `S${this.symbols.size + 1}`));
    return s;
  }

  state(values: [name: string, value: number][]): FinalState {
    for (const [, v] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) this.show(v);
    const out: FinalState = {};
    for (const [k, v] of values) out[k] = this.show(v);
    return out;
  }
}

/**
 * Reads the solver's model into an explicit execution, checking its
 * well-formedness. Under herd's own model files without `withco`, there is
 * no coherence order to read: the model generates it (and replay checks
 * the solver's choices for it); the final writes herd picked are read instead.
 */
export function executionOf(g: EventGraph, model: Valuation & { rank(name: string): number }): { execution: Execution; ev: Evaluator } {
  const ev = new Evaluator(model);
  const happens = (id: number) => ev.bool(g.events[id]!.guard);
  const readValues = new Map<number, number>();
  const rf = new Map<number, number>();
  for (const e of g.events) if (e.kind === 'R' && happens(e.id)) readValues.set(e.id, ev.int(e.value!));
  for (const r of g.events) {
    if (r.kind !== 'R' || !happens(r.id)) continue;
    const sources = g.events.filter((w) => w.kind === 'W' && safeBool(model, rfVarName(w.id, r.id)));
    if (sources.length !== 1) throw new ReplayError(`read ${r.id} (${r.label}) has ${sources.length} rf sources`);
    const w = sources[0]!;
    if (!happens(w.id)) throw new ReplayError(`read ${r.id} reads from write ${w.id}, which does not happen`);
    if (ev.int(w.addr!) !== ev.int(r.addr!)) throw new ReplayError(`read ${r.id} reads from write ${w.id} at another location`);
    if (ev.int(w.value!) !== readValues.get(r.id)) throw new ReplayError(`read ${r.id} reads a value write ${w.id} did not write`);
    rf.set(r.id, w.id);
  }
  const co = new Map<number, number[]>();
  // The graph's own Boolean literals: barrier choices, herd's lock outcomes.
  const literals = new Map<string, boolean>();
  for (const name of graphLiterals(g)) literals.set(name, safeBool(model, name));
  if (g.herd && !g.herd.withco) {
    return { execution: { readValues, rf, co, finalWrites: finalWritesOf(g, model, ev, g.herd), literals }, ev };
  }
  for (const w of g.events) {
    if (w.kind !== 'W' || !happens(w.id)) continue;
    const loc = ev.int(w.addr!);
    let l = co.get(loc);
    if (!l) co.set(loc, (l = []));
    l.push(w.id);
  }
  for (const [loc, writes] of co) {
    const rank = (id: number) => (g.events[id]!.thread < 0 ? -Infinity : model.rank(rankVarName(id)));
    writes.sort((a, b) => rank(a) - rank(b));
    for (let i = 1; i < writes.length; i++) {
      if (rank(writes[i]!) === rank(writes[i - 1]!)) throw new ReplayError(`two writes to location ${loc} share a coherence rank`);
    }
    if (g.events[writes[0]!]!.thread >= 0) throw new ReplayError(`location ${loc} has no initial write first in coherence`);
  }
  return { execution: { readValues, rf, co, literals }, ev };
}

const literalsOf = new WeakMap<EventGraph, Set<string>>();

/** The Boolean variables of a graph's own conditions (guards, tags, static edges): barrier choices. */
function graphLiterals(g: EventGraph): Set<string> {
  let out = literalsOf.get(g);
  if (!out) {
    const terms: BoolTerm[] = [...g.events.map((e) => e.guard), ...g.assumptions];
    for (const m of g.tags.values()) terms.push(...m.values());
    for (const edges of [g.po, g.addr, g.data, g.ctrl, g.rmw]) for (const [, , c] of edges) terms.push(c);
    out = freeVars(terms).bools;
    literalsOf.set(g, out);
  }
  return out;
}

/** The final write the solver picked for each observed location (herd's FW), checked to be one that happens there. */
function finalWritesOf(g: EventGraph, model: Valuation, ev: Evaluator, herd: HerdDialect): Set<number> {
  const out = new Set<number>();
  for (const name of herd.observed) {
    const loc = g.locations.find((l) => l.name === name);
    if (!loc) continue;
    const here = g.events.filter((w) => w.kind === 'W' && w.thread >= 0 && ev.bool(w.guard) && ev.int(w.addr!) === loc.code);
    const picked = g.events.filter((w) => w.kind === 'W' && w.thread >= 0 && safeBool(model, finalWriteVarName(loc.code, w.id)));
    if (picked.some((w) => !here.includes(w)) || picked.length !== (here.length > 0 ? 1 : 0)) {
      throw new ReplayError(`the final write of ${name} is not one write to it`);
    }
    if (picked[0]) out.add(picked[0].id);
  }
  return out;
}

function safeBool(model: Valuation, name: string): boolean {
  try {
    return model.bool(name);
  } catch {
    return false;
  }
}

export interface ReplayInput {
  graph: EventGraph;
  model: LoadedModel;
  observed: Observed[];
  /** Conditions the execution must satisfy besides the model (filter, assumptions). */
  required: BoolTerm[];
  /** The state the solver reported for this execution. */
  state: FinalState;
}

/**
 * Replays one solver model: returns the explicit witness, or throws
 * ReplayError if the execution is not allowed or its state differs.
 */
export function replay(input: ReplayInput, valuation: Valuation & { rank(name: string): number }): Witness {
  const { graph: g } = input;
  const { execution, ev } = executionOf(g, valuation);
  const base = concreteRelations(g, execution);
  let result;
  try {
    result = evaluateModelOn(input.model, base, { choices: new ConcreteChoices(valuation) });
  } catch (e) {
    if (e instanceof ChoiceViolation) throw new ReplayError(e.message);
    throw e;
  }
  for (const check of result.checks) {
    if (check.flag) continue;
    if (!checkHoldsConcretely(check)) throw new ReplayError(`the execution violates '${check.name}'`);
  }
  for (const t of input.required) if (!ev.bool(t)) throw new ReplayError('the execution violates an assumption or the filter');
  // Final values, recomputed from the explicit coherence order (or herd's final writes).
  const raw: [string, number][] = [];
  const lastWrite = new Map<number, number>();
  for (const [loc, writes] of execution.co) lastWrite.set(loc, writes[writes.length - 1]!);
  for (const w of execution.finalWrites ?? []) lastWrite.set(ev.int(g.events[w]!.addr!), w);
  for (const o of input.observed) {
    const loc = g.locations.find((l) => l.name === o.name);
    const last = loc ? lastWrite.get(loc.code) : undefined;
    const value = loc ? (last === undefined ? ev.int(loc.initial) : ev.int(g.events[last]!.value!)) : ev.int(o.term);
    raw.push([o.name, value]);
  }
  const names = new ValueNames(g);
  const state = names.state(raw);
  for (const [k, v] of Object.entries(input.state)) {
    if (state[k] !== v) throw new ReplayError(`final ${k} is ${String(state[k])} in the replay but ${String(v)} for the solver`);
  }
  // Sets that say nothing beyond the event's kind are left out (herd's NA and annot hold nearly every event).
  const tagsOf = (id: number) => [...base.sets].filter(([n, s]) => !['_', 'R', 'W', 'M', 'F', 'NA', 'annot'].includes(n) && s.has(id)).map(([n]) => n);
  const events: WitnessEvent[] = g.events
    .filter((e) => base.universe.has(e.id))
    .sort((a, b) => a.thread - b.thread || a.poIndex - b.poIndex)
    .map((e) => ({
      id: e.id,
      thread: e.thread,
      kind: e.kind,
      label: e.label,
      location: e.addr ? (locationByCode(g, ev.int(e.addr))?.name ?? String(ev.int(e.addr))) : undefined,
      value: e.kind === 'F' || e.kind === 'L' ? undefined : names.show(e.kind === 'R' ? execution.readValues.get(e.id)! : ev.int(e.value!)),
      tags: tagsOf(e.id),
      pos: e.pos,
    }));
  const co: Record<string, number[]> = {};
  for (const [loc, writes] of execution.co) co[locationByCode(g, loc)?.name ?? String(loc)] = writes;
  let rf: [number, number][] = [...execution.rf].map(([r, w]) => [w, r]);
  if (g.herd) {
    // The model's own rf and co (herd's lock.cat adds lock events to both).
    const modelRf = result.final('rf');
    if (modelRf?.kind === 'rel') rf = [...modelRf.rel.pairs()].map(([w, r]) => [w, r]);
    const modelCo = result.final('co');
    if (modelCo?.kind === 'rel') Object.assign(co, ordersByLocation(g, modelCo.rel, ev));
  }
  return { events, rf, co, state };
}

/** A (transitive) coherence relation as per-location lists, earliest first. */
function ordersByLocation(g: EventGraph, co: Relation, ev: Evaluator): Record<string, number[]> {
  const before = new Map<number, number>();
  const members = new Set<number>();
  for (const [a, b] of co.pairs()) {
    members.add(a).add(b);
    before.set(b, (before.get(b) ?? 0) + 1);
  }
  const out: Record<string, number[]> = {};
  for (const id of [...members].sort((x, y) => (before.get(x) ?? 0) - (before.get(y) ?? 0))) {
    const e = g.events[id]!;
    const name = e.addr ? (locationByCode(g, ev.int(e.addr))?.name ?? String(ev.int(e.addr))) : String(id);
    (out[name] ??= []).push(id);
  }
  return out;
}
