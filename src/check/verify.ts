// `verify`: the verdict of a test's condition under a model, every reachable
// final state, the flags, and a replayed witness.
//
// One encoding per test: the executions the model allows (and the filter
// keeps) are asserted once; final states are enumerated by blocking each one
// found; flags, pointer validity and loop bounds are asked under assumptions.

import type { BoundCut, EventGraph } from '../events/graph.js';
import { buildEventGraph } from '../events/build.js';
import { lowerToArchitecture } from '../events/lower.js';
import { and, boolVar, eq, FALSE, implies, int, intVar, not, or, orAll, TRUE, type BoolTerm, type IntTerm } from '../logic/term.js';
import { observableName, observablesOf, type Observable, type Program, type Prop } from '../program/ir.js';
import { InputError } from '../program/errors.js';
import { finalValues, symbolicRelations, type BaseRelations } from '../relations/base.js';
import { Approximation, neededConstraints, type LowerBound } from '../relations/approximate.js';
import type { ModelCheck } from '../cat/evaluate.js';
import { SymbolicChoices } from '../cat/choices.js';
import { NeedsExactEvaluation } from '../cat/collections.js';
import { checkHolds, executionConstraints, requireCheck } from '../smt/encode.js';
import { SmtSession } from '../smt/session.js';
import { evaluateChecks, herdEnvironment, type LoadedModel } from './models.js';
import { replay, ReplayError, showValue, type Observed } from './replay.js';
import type { FinalState, TestResult, Verdict, Witness } from './result.js';

export interface VerifyOptions {
  model: LoadedModel;
  /** Per-test solver budget in milliseconds; 0 or absent for none. */
  timeoutMs?: number;
  /** Loop unrolling bound. */
  unroll: number;
}

/** The terms a condition speaks about. */
export interface Observation {
  observables: Observable[];
  terms: Map<string, IntTerm>;
}

export function observationOf(program: Program, g: EventGraph, memory: Map<string, IntTerm>): Observation {
  const observables = observablesOf(program);
  const terms = new Map<string, IntTerm>();
  const pos = program.condition?.pos ?? { file: program.file, line: 1, col: 1 };
  for (const o of observables) {
    if (o.kind === 'reg') {
      const regs = g.finalRegs.get(o.thread);
      if (!regs) throw new InputError(pos, `no thread P${o.thread} for '${observableName(o)}'`);
      terms.set(observableName(o), regs.get(o.reg) ?? int(0));
    } else {
      const v = memory.get(o.name);
      if (!v) throw new InputError(pos, `unknown location '${o.name}' in the condition`);
      terms.set(o.name, v);
    }
  }
  return { observables, terms };
}

export function propTerm(p: Prop, obs: Observation, g: EventGraph, program: Program): BoolTerm {
  const rec = (q: Prop): BoolTerm => propTerm(q, obs, g, program);
  switch (p.kind) {
    case 'true':
      return TRUE;
    case 'false':
      return FALSE;
    case 'not':
      return not(rec(p.arg));
    case 'and':
      return and(...p.args.map(rec));
    case 'or':
      return or(...p.args.map(rec));
    case 'implies':
      return implies(rec(p.left), rec(p.right));
    case 'eq': {
      const left = obs.terms.get(observableName(p.left))!;
      let right: IntTerm;
      if (p.right.kind === 'const') right = int(p.right.value);
      else if (p.right.kind === 'addr') {
        const name = p.right.name;
        const loc = g.locations.find((l) => l.name === name);
        if (!loc) throw new InputError(p.pos, `unknown location '${p.right.name}'`);
        right = int(loc.code);
      } else right = obs.terms.get(observableName(p.right))!;
      return eq(left, right);
    }
  }
}

function compareStates(keys: string[]) {
  return (a: FinalState, b: FinalState): number => {
    for (const k of keys) {
      const x = a[k]!;
      const y = b[k]!;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x).localeCompare(String(y));
    }
    return 0;
  };
}

/**
 * The model's checks over symbolic base relations: closures and fixpoints
 * upper-approximated where the check uses them soundly (see
 * src/relations/approximate.ts), exact values for the other checks.
 */
/** When a flag check is raised: when its check holds (`flag ~empty X`: X has an edge). */
function flagRaised(c: ModelCheck): BoolTerm {
  return c.negated ? not(checkHolds(c.kind, c.value)) : checkHolds(c.kind, c.value);
}

type EncodedChecks = ModelCheck[] & { approximationConstraints: LowerBound[]; choiceConstraints: BoolTerm[] };

function modelChecks(model: LoadedModel, base: BaseRelations, g: EventGraph): EncodedChecks {
  const approximation = new Approximation('ap_');
  const choices = new SymbolicChoices();
  let approximated: ModelCheck[] | undefined;
  try {
    approximated = evaluateChecks(model, base, { approximation, choices, graph: g });
  } catch (e) {
    // A `with` over an approximated value: evaluate everything exactly.
    if (!(e instanceof NeedsExactEvaluation)) throw e;
  }
  const exactChoices = new SymbolicChoices();
  const exactly = () => evaluateChecks(model, base, { choices: exactChoices, graph: g });
  let checks: ModelCheck[];
  if (!approximated) checks = exactly();
  else {
    // An approximated value has at least the may-edges of the exact one, so
    // an empty value is exact; otherwise the bound must fit the polarity.
    const sound = (c: ModelCheck) =>
      c.value.size === 0 || (c.negated ? c.bound === 'exact' || c.bound === 'lower' : c.bound === 'exact' || c.bound === 'upper');
    let exact: ModelCheck[] | undefined;
    checks = approximated.map((c, i) => (sound(c) ? c : (exact ??= exactly())[i]!));
  }
  // Both evaluations name the same choices alike (their values are exact): one copy of each constraint.
  const choiceConstraints = [...new Set([...choices.constraints, ...exactChoices.constraints])];
  const approximationConstraints = approximated ? approximation.constraints : [];
  return Object.assign(checks, { approximationConstraints, choiceConstraints });
}

/**
 * The event graph of a program as a model sees it: lowered to the
 * architecture's instructions for architecture models. `unsupported` says
 * why the model cannot judge the program (a primitive it does not model).
 */
export function modelEventGraph(program: Program, model: LoadedModel, unroll: number): { graph: EventGraph; unsupported?: string } {
  if ((program.macros ?? undefined) !== model.herd?.macros.file) {
    throw new Error(`${program.file} was not parsed with the primitives of model ${model.name}`);
  }
  const graph = buildEventGraph(program, { unroll, herd: model.herd !== undefined });
  if (model.herd && model.herd.annotations.size > 0) {
    const undeclared = undeclaredAnnotation(graph, model.herd.annotations);
    if (undeclared) return { graph, unsupported: undeclared };
  }
  if (!model.mapping) return { graph };
  const lowered = lowerToArchitecture(graph, model.mapping.arch, model.mapping.table);
  if (lowered.unsupported.length === 0) return { graph: lowered.graph };
  const what = [...new Set(lowered.unsupported.map((u) => `'${u.label}'${u.pos ? ` (line ${u.pos.line})` : ''}`))].join(', ');
  return { graph: lowered.graph, unsupported: `${what} not modelled under ${model.name} (see encodings/mapping.txt)` };
}

/** herd rejects a test whose primitives carry an annotation the bell does not declare. */
function undeclaredAnnotation(g: EventGraph, declared: ReadonlySet<string>): string | undefined {
  for (const e of g.events) {
    for (const a of e.annot ?? []) {
      if (!declared.has(a)) return `annotation '${a}' of '${e.label}' (line ${e.pos?.line}) is not declared by the bell file's instructions`;
    }
  }
  return undefined;
}

function unknownResult(program: Program, model: LoadedModel, started: number, reason: string): TestResult {
  return {
    file: program.file,
    name: program.name,
    model: model.name,
    verdict: 'Unknown',
    reason,
    states: [],
    positive: 0,
    negative: 0,
    flags: [],
    timeMs: Math.round(performance.now() - started),
  };
}

export async function verifyProgram(program: Program, opts: VerifyOptions): Promise<TestResult> {
  const started = performance.now();
  const { graph: g, unsupported } = modelEventGraph(program, opts.model, opts.unroll);
  if (unsupported) return unknownResult(program, opts.model, started, unsupported);
  const herd = herdEnvironment(opts.model, program);
  const { base, unknowns } = symbolicRelations(g, herd);
  const checks = modelChecks(opts.model, base, g);
  const obs = observationOf(program, g, finalValues(g, base));
  const condition = program.condition ? propTerm(program.condition.prop, obs, g, program) : TRUE;
  const filter = program.filter ? propTerm(program.filter, obs, g, program) : TRUE;

  const session = await SmtSession.create(opts.timeoutMs);
  session.add(executionConstraints(g, unknowns));
  session.add(checks.choiceConstraints);
  const axioms = checks.flatMap((c, i) => (c.flag ? [] : requireCheck(c.kind, c.negated, c.value, `ax${i}`)));
  const flagValues = checks.filter((c) => c.flag).map((c) => flagRaised(c));
  session.add(neededConstraints(checks.approximationConstraints, [...axioms, ...flagValues]));
  session.add(axioms);
  session.add([filter]);
  const observed: Observed[] = obs.observables.map((o) => ({ name: observableName(o), term: obs.terms.get(observableName(o))! }));
  const obsVars = observed.map((_, i) => intVar(`obs_${i}`));
  session.add(observed.map((o, i) => eq(obsVars[i]!, o.term)));
  const condVar = session.literal(condition, 'cond');

  // Executions that go through a non-pointer, or past a loop's unroll bound,
  // are set aside by assumption and asked about separately.
  const validPointers = g.badPointers.length > 0 ? session.literal(not(orAll(g.badPointers.map((b) => b.cond))), 'valid') : TRUE;
  const withinBound = g.cuts.length > 0 ? session.literal(not(orAll(g.cuts.map((c) => c.reached))), 'bounded') : TRUE;
  const assume = [validPointers, withinBound].filter((t) => t !== TRUE);

  const result: TestResult = {
    file: program.file,
    name: program.name,
    model: opts.model.name,
    verdict: 'Unknown',
    states: [],
    positive: 0,
    negative: 0,
    flags: [],
    timeMs: 0,
  };
  const finish = (verdict: Verdict, reason?: string): TestResult => {
    session.dispose();
    result.verdict = verdict;
    if (reason) result.reason = reason;
    result.states.sort(compareStates(observed.map((o) => o.name)));
    result.timeMs = Math.round(performance.now() - started);
    return result;
  };
  const unknown = () => finish('Unknown', `solver: ${session.reasonUnknown()}`);

  // Enumerate final states: each one found is blocked (under the `enumerating`
  // literal, so later questions see every execution again). The first
  // execution and the condition's witness are replayed explicitly.
  const required = [...g.assumptions, filter];
  const enumerating = session.literal(boolVar('enumerating'));
  let witness: Witness | undefined;
  for (;;) {
    const r = await session.check([...assume, enumerating]);
    if (r === 'unknown') return unknown();
    if (r === 'unsat') break;
    const m = session.model();
    const values = obsVars.map((v) => m.int(v.name!));
    const state: FinalState = {};
    observed.forEach((o, i) => (state[o.name] = showValue(g, values[i]!)));
    const holds = m.bool(condVar.name!);
    if ((holds && !witness) || result.states.length === 0) {
      try {
        const w = replay({ graph: g, model: opts.model, observed, required, state, herd }, m);
        if (holds) witness = w;
      } catch (e) {
        if (!(e instanceof ReplayError)) throw e;
        process.stderr.write(`${program.file}: ${e.message}\n`);
        return finish('Unknown', e.message);
      }
    }
    result.states.push(state);
    if (holds) result.positive++;
    else result.negative++;
    if (observed.length === 0) break;
    session.block(enumerating, obsVars.map((v) => v.name!), values);
  }

  // Flags raised by some allowed execution.
  for (const c of checks) {
    if (!c.flag || result.flags.includes(c.name)) continue;
    const raised = flagRaised(c);
    if (raised === FALSE) continue;
    const r = await session.check([...assume, session.literal(raised, 'flag')]);
    if (r === 'unknown') return unknown();
    if (r === 'sat') result.flags.push(c.name);
  }

  if (validPointers !== TRUE) {
    const r = await session.check([session.literal(not(validPointers), 'invalid')]);
    if (r === 'unknown') return unknown();
    if (r === 'sat') {
      const where = g.badPointers.map((b) => `${b.pos.line}:${b.pos.col}`).join(', ');
      return finish('Unknown', `an allowed execution dereferences a value that is not a location (at ${where})`);
    }
  }
  // Which loops some allowed execution would run past the bound (a loop
  // unrolled inside another one is cut in several places: one question each).
  if (withinBound !== TRUE) {
    const loops = new Map<string, { cut: BoundCut; reached: BoolTerm[] }>();
    for (const c of g.cuts) {
      const key = `${c.thread}:${c.pos.line}:${c.pos.col}`;
      const l = loops.get(key);
      if (l) l.reached.push(c.reached);
      else loops.set(key, { cut: c, reached: [c.reached] });
    }
    const others = assume.filter((a) => a !== withinBound);
    for (const { cut, reached } of loops.values()) {
      const r = await session.check([...others, session.literal(orAll(reached), 'cut')]);
      if (r === 'unknown') return unknown();
      if (r === 'sat') (result.boundReached ??= []).push({ line: cut.pos.line, col: cut.pos.col, thread: cut.thread });
    }
  }

  if (witness) result.witness = witness;
  const verdict: Verdict = result.positive === 0 ? 'Never' : result.negative === 0 ? 'Always' : 'Sometimes';
  if (result.boundReached && verdict !== 'Sometimes') {
    const loops = result.boundReached.map((c) => `P${c.thread} line ${c.line}`).join(', ');
    return finish('Unknown', `bound reached: a loop (${loops}) can run more than --unroll times`);
  }
  return finish(verdict);
}
