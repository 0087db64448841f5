// One program under one model, encoded once (DESIGN.md, decision 2): the
// executions the model allows (and the filter keeps) are asserted in a
// solver session, and every question — which final states, is the
// condition reachable, with this barrier dropped or that one weakened — is
// a check under assumptions on literals of this one encoding.

import { buildEventGraph, type Variation } from '../events/build.js';
import type { EventGraph } from '../events/graph.js';
import { lowerToArchitecture } from '../events/lower.js';
import { and, boolVar, eq, FALSE, implies, int, intVar, not, or, orAll, TRUE, usesOps, type BoolTerm, type IntTerm, type Term } from '../logic/term.js';
import { InputError } from '../program/errors.js';
import { observableName, observablesOf, propObservables, type Observable, type Program, type Prop } from '../program/ir.js';
import { Approximation, neededConstraints, type LowerBound } from '../relations/approximate.js';
import { finalValues, symbolicRelations, type BaseRelations, type ExecutionUnknowns } from '../relations/base.js';
import { valueCycles, type ValueCycles } from './value-cycles.js';
import type { ModelCheck } from '../cat/evaluate.js';
import { SymbolicChoices } from '../cat/choices.js';
import { NeedsExactEvaluation } from '../cat/collections.js';
import { checkHolds, executionConstraints, requireCheck } from '../smt/encode.js';
import { SmtSession, type ModelValues, type SatResult } from '../smt/session.js';
import { BITWISE_OPS, type ValueSort } from '../smt/smtlib.js';
import { evaluateChecks, herdDialect, loadInclude, type LoadedModel } from './models.js';
import { replay, ValueNames, type Observed } from './replay.js';
import type { FinalState, Witness } from './result.js';
import { LazyTheory } from './lazy/theory.js';
import { analyseModel } from './lazy/monotone.js';

/**
 * How consistency is decided: `eager` asserts every axiom up front; `lazy`
 * checks each execution the solver proposes against the model and learns
 * a clause from each violation (src/engine/lazy/).
 */
export type Engine = 'eager' | 'lazy';
export const ENGINES: readonly Engine[] = ['eager', 'lazy'];

/** The engine when none is given: `MEMORDER_ENGINE` (set by the CLI's --engine, inherited by its helper processes), else eager. */
export function defaultEngine(): Engine {
  const e = process.env.MEMORDER_ENGINE;
  return e === 'lazy' || e === 'eager' ? e : 'eager';
}

export interface EncodeOptions {
  model: LoadedModel;
  unroll: number;
  /** Per-check solver budget in milliseconds; 0 or absent for none. */
  timeoutMs?: number;
  /** Barriers whose kind is left to assumptions (what-if queries). */
  variation?: Variation;
  /**
   * Each axiom holds only under a literal of its own (`axiomSwitches`), so
   * a query may ask which axioms an outcome needs to be ruled out.
   */
  axiomSwitches?: boolean;
  /** Default: defaultEngine(). Models that choose values (`with`), herd's own files and axiom switches use eager. */
  engine?: Engine;
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
  // The filter may speak of registers and locations the final states do not show.
  for (const o of [...observables, ...(program.filter ? propObservables(program.filter) : [])]) {
    if (terms.has(observableName(o))) continue;
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

/**
 * When a check's statement is true (`acyclic hb`: hb has no cycle; `flag
 * ~empty X`: X has an edge, i.e. the flag is raised), exactly.
 */
export function statementHolds(c: ModelCheck): BoolTerm {
  return c.negated ? not(checkHolds(c.kind, c.value)) : checkHolds(c.kind, c.value);
}

type EncodedChecks = ModelCheck[] & { approximationConstraints: LowerBound[]; choiceConstraints: BoolTerm[] };

/**
 * The model's checks over symbolic base relations: closures and fixpoints
 * upper-approximated where the check uses them soundly (see
 * src/relations/approximate.ts), exact values for the other checks; and
 * the constraints on the choice variables of its `with ... from`s.
 */
export function modelChecks(model: LoadedModel, base: BaseRelations): EncodedChecks {
  const approximation = new Approximation('ap_');
  const choices = new SymbolicChoices();
  let approximated: ModelCheck[] | undefined;
  try {
    approximated = evaluateChecks(model, base, { approximation, choices });
  } catch (e) {
    // A `with` over an approximated value: evaluate everything exactly.
    if (!(e instanceof NeedsExactEvaluation)) throw e;
  }
  const exactChoices = new SymbolicChoices();
  const exactly = () => evaluateChecks(model, base, { choices: exactChoices });
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
export function modelEventGraph(
  program: Program,
  model: LoadedModel,
  unroll: number,
  variation?: Variation,
): { graph: EventGraph; unsupported?: string } {
  if ((program.macros ?? undefined) !== model.herd?.macros.file) {
    throw new Error(`${program.file} was not parsed with the primitives of model ${model.name}`);
  }
  const graph = buildEventGraph(program, { unroll, variation, herd: herdDialect(model, program) });
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

/** Bit-vectors for programs that compute with bitwise operators, Ints otherwise (src/smt/smtlib.ts). */
function valueSortOf(g: EventGraph): ValueSort {
  const terms: Term[] = [...g.assumptions, ...g.badPointers.map((b) => b.cond), ...g.cuts.map((c) => c.reached)];
  for (const e of g.events) terms.push(e.guard, ...(e.addr ? [e.addr] : []), ...(e.value ? [e.value] : []));
  for (const regs of g.finalRegs.values()) terms.push(...regs.values());
  return usesOps(terms, BITWISE_OPS) ? 'bv32' : 'int';
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

export class ProgramEncoding {
  /** Literal: the condition's proposition holds in the final state. */
  readonly condition: BoolTerm;
  /** Assumption literals that keep executions within the unroll bound and valid pointers. */
  readonly sane: BoolTerm[];
  readonly validPointers: BoolTerm;
  readonly withinBound: BoolTerm;
  /**
   * Values out of thin air and symbols of copy cycles (value-cycles.ts):
   * its `grounded` and `symbolsCopiedOnly` are in `sane`, so every question
   * sees the executions herd's equation solver keeps, and only those.
   */
  readonly values: ValueCycles;
  /** Conditions a replayed execution must satisfy besides the model (assumptions, filter). */
  readonly required: BoolTerm[];

  private checks_: ModelCheck[] | undefined;

  private constructor(
    readonly program: Program,
    readonly model: LoadedModel,
    readonly graph: EventGraph,
    readonly session: SmtSession,
    /** Eager: the checks, encoded. Lazy: the base relations they are encoded from on demand (for flags). */
    encoded: EncodedChecks | BaseRelations,
    /** Lazy: the model as a theory. */
    readonly theory: LazyTheory | undefined,
    readonly observed: Observed[],
    readonly obsVars: IntTerm[],
    condition: BoolTerm,
    filter: BoolTerm,
    /** With axiomSwitches: each axiom's name and the literal that turns it on. */
    readonly axioms: { name: string; literal: BoolTerm }[],
    /** The execution's unknowns: rf candidates with their variables, coherence ranks. */
    readonly unknowns: ExecutionUnknowns,
    values: ValueCycles,
  ) {
    if (Array.isArray(encoded)) this.checks_ = encoded;
    else this.base = encoded;
    this.values = values;
    this.condition = session.literal(condition, 'cond');
    // Executions that go through a non-pointer, or past a loop's unroll
    // bound, are set aside by assumption and asked about separately.
    this.validPointers = graph.badPointers.length > 0 ? session.literal(not(orAll(graph.badPointers.map((b) => b.cond))), 'valid') : TRUE;
    this.withinBound = graph.cuts.length > 0 ? session.literal(not(orAll(graph.cuts.map((c) => c.reached))), 'bounded') : TRUE;
    this.sane = [this.validPointers, this.withinBound, values.grounded, values.symbolsCopiedOnly, ...axioms.map((a) => a.literal)].filter((t) => t !== TRUE);
    this.required = [...graph.assumptions, filter];
  }

  private base: BaseRelations | undefined;

  /**
   * The model's checks over the symbolic execution (flags are asked about
   * them). The lazy engine encodes them on first use, with only what the
   * flags' values need.
   */
  get checks(): ModelCheck[] {
    if (!this.checks_) {
      const checks = modelChecks(this.model, this.base!);
      this.session.add(checks.choiceConstraints);
      const flagValues = checks.filter((c) => c.flag).map((c) => statementHolds(c));
      this.session.add(neededConstraints(checks.approximationConstraints, flagValues));
      this.checks_ = checks;
    }
    return this.checks_;
  }

  /** Encodes a program, or says why its model cannot judge it. */
  static async create(program: Program, opts: EncodeOptions): Promise<ProgramEncoding | { unsupported: string }> {
    const { graph: g, unsupported } = modelEventGraph(program, opts.model, opts.unroll, opts.variation);
    if (unsupported) return { unsupported };
    const { base, unknowns } = symbolicRelations(g);
    const shape = analyseModel(opts.model.cat, opts.model.prelude, loadInclude);
    const lazy = (opts.engine ?? defaultEngine()) === 'lazy' && !opts.model.herd && !opts.axiomSwitches && !shape.choices;
    const checks = lazy ? undefined : modelChecks(opts.model, base);
    const obs = observationOf(program, g, finalValues(g, base));
    const condition = program.condition ? propTerm(program.condition.prop, obs, g, program) : TRUE;
    const filter = program.filter ? propTerm(program.filter, obs, g, program) : TRUE;

    const session = await SmtSession.create({ timeoutMs: opts.timeoutMs, values: valueSortOf(g) });
    session.add(executionConstraints(g, unknowns));
    const switches: { name: string; literal: BoolTerm }[] = [];
    if (checks) {
    session.add(checks.choiceConstraints);
    const axioms = checks.flatMap((c, i) => {
      if (c.flag) return [];
      const terms = requireCheck(c.kind, c.negated, c.value, `ax${i}`);
      if (!opts.axiomSwitches) return terms;
      const literal = boolVar(`axiom${i}`);
      switches.push({ name: c.name, literal });
      return terms.map((t) => implies(literal, t));
    });
    const flagValues = checks.filter((c) => c.flag).map((c) => statementHolds(c));
    session.add(neededConstraints(checks.approximationConstraints, [...axioms, ...flagValues]));
    session.add(axioms);
    }
    session.add([filter]);
    const observed: Observed[] = obs.observables.map((o) => ({ name: observableName(o), term: obs.terms.get(observableName(o))! }));
    const obsVars = observed.map((_, i) => intVar(`obs_${i}`));
    session.add(observed.map((o, i) => eq(obsVars[i]!, o.term)));
    const values = valueCycles(g, unknowns);
    session.add(values.constraints);
    const theory = checks ? undefined : new LazyTheory(g, opts.model, unknowns);
    return new ProgramEncoding(program, opts.model, g, session, checks ?? base, theory, observed, obsVars, condition, filter, switches, unknowns, values);
  }

  /**
   * Satisfiability under assumptions: with the lazy engine, each execution
   * the solver proposes is checked against the model until one passes
   * (sat, the session's model is that execution) or none is left.
   */
  async check(assumptions: readonly BoolTerm[]): Promise<SatResult> {
    for (;;) {
      const r = await this.session.check(assumptions);
      if (r !== 'sat' || !this.theory) return r;
      const clause = this.theory.explain(this.session.model());
      if (!clause) return r;
      this.session.add([clause]);
    }
  }

  /** The final state of the solver's current model. */
  state(m: ModelValues): { state: FinalState; values: number[] } {
    const values = this.obsVars.map((v) => m.int(v.name!));
    const state = new ValueNames(this.graph).state(this.observed.map((o, i) => [o.name, values[i]!]));
    return { state, values };
  }

  /** Replays the solver's current model explicitly (throws ReplayError on disagreement). */
  replay(m: ModelValues, state: FinalState): Witness {
    return replay({ graph: this.graph, model: this.model, observed: this.observed, required: this.required, state }, m);
  }

  dispose(): void {
    if (this.theory && process.env.MEMORDER_LAZY_STATS) process.stderr.write(`lazy ${this.program.file}: ${JSON.stringify(this.theory.stats)}\n`);
    this.session.dispose();
  }
}
