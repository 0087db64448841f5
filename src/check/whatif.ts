// What-if questions about a program's barriers, all on one encoding per
// model (DESIGN.md, decision 2): every barrier gets one literal per kind it
// may take (src/program/barriers.ts), and "drop this one", "weaken that one
// to smp_wmb", "only these three" are assumptions on those literals.

import { type KindChoice, type Variation } from '../events/build.js';
import { and, boolVar, eq, implies, int, not, orAll, type BoolTerm } from '../logic/term.js';
import { concreteRelations, type Execution } from '../relations/base.js';
import { InputError } from '../program/errors.js';
import type { Program } from '../program/ir.js';
import { Naming } from '../program/naming.js';
import { barriersOf, findBarrier, KINDS, parseKind, weakerKinds, type Barrier } from '../program/barriers.js';
import { withFenceAt } from '../program/candidates.js';
import { ProgramEncoding, statementHolds } from '../engine/encoding.js';
import { evaluateChecks, type LoadedModel } from '../engine/models.js';
import { executionOf, ReplayError } from '../engine/replay.js';
import type { FinalState, Verdict, Witness } from '../engine/result.js';
import { boundReachedReason, loopsPastBound } from './verify.js';

/** A barrier's kind in one configuration of the program: `none` drops it. */
export type Configuration = ReadonlyMap<string, string>;

/** The program's barriers with the kinds each may take in one encoding. */
export class BarrierFamily implements Variation {
  private readonly literals = new Map<string, Map<string, BoolTerm>>();

  constructor(
    readonly barriers: Barrier[],
    kindsOf: (b: Barrier) => string[],
  ) {
    barriers.forEach((b, i) => {
      const m = new Map<string, BoolTerm>();
      for (const k of new Set([b.kind, ...kindsOf(b)])) if (k !== 'none') m.set(k, boolVar(`bar${i}_${k.replace(/[^A-Za-z0-9]/g, '_')}`));
      this.literals.set(b.id, m);
    });
  }

  choices(id: string): KindChoice[] | undefined {
    const m = this.literals.get(id);
    return m ? [...m].map(([kind, when]) => ({ kind, when })) : undefined;
  }

  literal(id: string, kind: string): BoolTerm | undefined {
    return this.literals.get(id)?.get(kind);
  }

  /** The barrier a literal selects a kind of (by the literal's name). */
  barrierOf(literal: string): string | undefined {
    for (const [id, m] of this.literals) for (const l of m.values()) if (l.name === literal) return id;
    return undefined;
  }

  /** The configuration that is the program as written. */
  asWritten(): Map<string, string> {
    return new Map(this.barriers.map((b) => [b.id, b.kind]));
  }

  /** Literals that are true in a configuration, and those that are false. */
  literalsOf(config: Configuration): { on: BoolTerm[]; off: BoolTerm[] } {
    const on: BoolTerm[] = [];
    const off: BoolTerm[] = [];
    for (const [id, m] of this.literals) {
      const kind = config.get(id) ?? 'none';
      if (kind !== 'none' && !m.has(kind)) throw new Error(`memorder bug: ${id} cannot be ${kind} in this encoding`);
      for (const [k, l] of m) (k === kind ? on : off).push(l);
    }
    return { on, off };
  }

  /** At most one kind per barrier. */
  constraints(): BoolTerm[] {
    const out: BoolTerm[] = [];
    for (const m of this.literals.values()) {
      const ls = [...m.values()];
      for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) out.push(not(and(ls[i]!, ls[j]!)));
    }
    return out;
  }
}

export interface Outcome {
  verdict: Verdict;
  /** An execution reaching the condition (replayed), when there is one. */
  witness?: Witness;
  reason?: string;
}

/** Answers what-if questions about one program under one model. */
export class WhatIf {
  private readonly negations = new Map<string, BoolTerm>();
  private readonly answers = new Map<string, Reach>();
  private listings = 0;
  /** Literals: the condition's proposition holds, resp. does not. */
  private readonly positive: BoolTerm;
  private readonly negative: BoolTerm;

  private constructor(
    readonly family: BarrierFamily,
    readonly enc: ProgramEncoding,
  ) {
    this.positive = enc.condition;
    this.negative = enc.session.literal(not(enc.condition), 'notcond');
  }

  static async create(
    program: Program,
    opts: { model: LoadedModel; unroll: number; timeoutMs?: number; kindsOf?: (b: Barrier) => string[]; axiomSwitches?: boolean },
  ): Promise<WhatIf | { unsupported: string }> {
    const family = new BarrierFamily(barriersOf(program), opts.kindsOf ?? ((b) => [...weakerKinds(b), 'none']));
    const enc = await ProgramEncoding.create(program, { ...opts, variation: family });
    if (!(enc instanceof ProgramEncoding)) return enc;
    enc.session.add(family.constraints());
    return new WhatIf(family, enc);
  }

  /** The quantifier's bad outcome: the proposition of `exists`/`~exists`, the negation for `forall`. */
  private get bad(): BoolTerm {
    return this.enc.program.condition?.quantifier === 'forall' ? this.negative : this.positive;
  }

  private assumptions(config: Configuration): BoolTerm[] {
    const { on, off } = this.family.literalsOf(config);
    return [...this.enc.sane, ...on, ...off.map((l) => this.negation(l))];
  }

  private negation(l: BoolTerm): BoolTerm {
    let n = this.negations.get(l.name!);
    if (!n) this.negations.set(l.name!, (n = this.enc.session.literal(not(l), 'not')));
    return n;
  }

  /**
   * Records that `goal` is unreachable in `config` without asking the
   * solver, because an unsat core over `core`'s barriers proved it: the
   * caller guarantees that `config` agrees with the refuted configuration
   * on every barrier of `core` (the core's assumptions are among
   * `config`'s, so the same core refutes it).
   */
  private refutedByCore(config: Configuration, goal: BoolTerm, core: ReadonlySet<string>): void {
    this.answers.set(answerKey(config, goal), { answer: 'unsat', core });
  }

  /** Whether the bad outcome is reachable in a configuration; with a replayed witness when it is. */
  async badReachable(config: Configuration): Promise<Reach> {
    return this.reach(config, this.bad);
  }

  /**
   * Whether `goal` is reachable in a configuration: with a replayed witness
   * when it is, and the barriers of an unsat core when it is not. Answers
   * are remembered: the queries of one analysis ask the same configuration
   * more than once.
   */
  private async reach(config: Configuration, goal: BoolTerm): Promise<Reach> {
    const key = answerKey(config, goal);
    const known = this.answers.get(key);
    if (known) return known;
    const answer = await this.enc.check([...this.assumptions(config), goal]);
    let out: Reach = { answer };
    if (answer === 'sat') {
      const m = this.enc.session.model();
      const { state } = this.enc.state(m);
      out = { answer, witness: this.enc.replay(m, state), execution: executionOf(this.enc.graph, m).execution };
    } else if (answer === 'unsat') {
      out = { answer, core: new Set(this.enc.session.unsatCore().map((n) => this.family.barrierOf(n)).filter((id): id is string => !!id)) };
    }
    if (answer !== 'unknown') this.answers.set(key, out);
    return out;
  }

  /**
   * The executions reaching the bad outcome in a configuration, one per
   * final state (at most `limit`), each replayed.
   */
  async badExecutions(config: Configuration, limit = 64): Promise<{ state: FinalState; values: number[]; execution: Execution; witness: Witness }[] | 'unknown'> {
    const out: { state: FinalState; values: number[]; execution: Execution; witness: Witness }[] = [];
    const guard = this.enc.session.literal(boolVar(`listing${this.listings++}`));
    while (out.length < limit) {
      const r = await this.enc.check([...this.assumptions(config), this.bad, guard]);
      if (r === 'unknown') return 'unknown';
      if (r === 'unsat') break;
      const m = this.enc.session.model();
      const { state, values } = this.enc.state(m);
      const witness = this.enc.replay(m, state);
      out.push({ state, values, execution: executionOf(this.enc.graph, m).execution, witness });
      if (values.length === 0) break;
      this.enc.session.block(guard, this.enc.obsVars.map((v) => v.name!), values);
    }
    return out;
  }

  /**
   * The ways the bad outcome is reached in a configuration: executions told
   * apart by which events happen and which thread (or the initial value)
   * each read reads from, one replayed execution per way (at most `limit`),
   * each with a literal that holds exactly in the executions of its way.
   */
  async badPaths(config: Configuration, limit = 32): Promise<{ way: BoolTerm; execution: Execution; witness: Witness }[] | 'unknown'> {
    const out: { way: BoolTerm; execution: Execution; witness: Witness }[] = [];
    const g = this.enc.graph;
    const guard = this.enc.session.literal(boolVar(`ways${this.listings++}`));
    // rf variables by read and by the thread of the write.
    const rfFrom = new Map<string, BoolTerm[]>();
    for (const { w, r, v } of this.enc.unknowns.rf) {
      const key = `${r}:${g.events[w]!.thread}`;
      rfFrom.set(key, [...(rfFrom.get(key) ?? []), v]);
    }
    while (out.length < limit) {
      const r = await this.enc.check([...this.assumptions(config), this.bad, guard]);
      if (r === 'unknown') return 'unknown';
      if (r === 'unsat') break;
      const m = this.enc.session.model();
      const { state } = this.enc.state(m);
      const witness = this.enc.replay(m, state);
      const { execution, ev } = executionOf(g, m);
      const parts: BoolTerm[] = [];
      for (const e of g.events) {
        if (e.kind !== 'R' && e.kind !== 'W') continue;
        if (!ev.bool(e.guard)) {
          parts.push(not(e.guard));
          continue;
        }
        parts.push(e.guard);
        if (e.kind !== 'R') continue;
        const source = g.events[execution.rf.get(e.id)!]!.thread;
        parts.push(orAll(rfFrom.get(`${e.id}:${source}`) ?? []));
      }
      const way = this.enc.session.literal(and(...parts), 'way');
      out.push({ way, execution, witness });
      this.enc.session.add([implies(guard, not(way))]);
    }
    return out;
  }

  /** A literal for: the bad outcome, in the final state with these observable values. */
  stateGoal(values: readonly number[]): BoolTerm {
    return this.enc.session.literal(and(this.bad, ...this.enc.obsVars.map((v, i) => eq(v, int(values[i]!)))), 'goal');
  }

  /** A literal for: the bad outcome, reached in the way `way` stands for. */
  wayGoal(way: BoolTerm): BoolTerm {
    return this.enc.session.literal(and(this.bad, way), 'goal');
  }

  /**
   * Which axioms rule `goal` out in the configuration: those without which
   * it would be reachable; when no single one is needed (several rule it
   * out), those that rule it out on their own.
   */
  async axiomsRulingOut(config: Configuration, goal: BoolTerm): Promise<{ needed: string[]; alone: string[] } | 'unknown'> {
    const needed: string[] = [];
    const alone: string[] = [];
    const axiomLiterals = new Set(this.enc.axioms.map((a) => a.literal));
    const others = this.assumptions(config).filter((l) => !axiomLiterals.has(l));
    for (const a of this.enc.axioms) {
      const r = await this.enc.check([...this.assumptions(config).filter((l) => l !== a.literal), goal]);
      if (r === 'unknown') return 'unknown';
      if (r === 'sat') needed.push(a.name);
    }
    if (needed.length > 0) return { needed, alone };
    for (const a of this.enc.axioms) {
      const r = await this.enc.check([...others, a.literal, goal]);
      if (r === 'unknown') return 'unknown';
      if (r === 'unsat') alone.push(a.name);
    }
    return { needed, alone };
  }

  /** The verdict of the condition in a configuration, like verify's (without listing states). */
  async verdict(config: Configuration): Promise<Outcome> {
    try {
      const pos = await this.reach(config, this.positive);
      const neg = (await this.reach(config, this.negative)).answer;
      if (pos.answer === 'unknown' || neg === 'unknown') return { verdict: 'Unknown', reason: `solver: ${this.enc.session.reasonUnknown()}` };
      const verdict: Verdict = pos.answer === 'unsat' ? 'Never' : neg === 'unsat' ? 'Always' : 'Sometimes';
      const out: Outcome = { verdict, ...(pos.witness ? { witness: pos.witness } : {}) };
      if (verdict !== 'Sometimes') {
        const past = await loopsPastBound(this.enc, this.assumptions(config));
        if (past === 'unknown') return { verdict: 'Unknown', reason: `solver: ${this.enc.session.reasonUnknown()}` };
        if (past.length > 0) return { verdict: 'Unknown', reason: boundReachedReason(this.enc.program, past) };
      }
      return out;
    } catch (e) {
      if (e instanceof ReplayError) return { verdict: 'Unknown', reason: e.message };
      throw e;
    }
  }

  /**
   * The subset-minimal sets of barriers that alone (kinds as written, every
   * other barrier dropped) keep the bad outcome unreachable, by MARCO-style
   * exploration: an unexplored set is grown or shrunk to a maximal
   * insufficient or a minimal sufficient one. Each set reported is checked
   * directly: sufficient, and insufficient without any one of its members.
   */
  async minimalSufficientSets(goal: BoolTerm = this.bad, opts: { limit?: number; necessary?: ReadonlySet<string> } = {}): Promise<string[][] | 'unknown'> {
    const limit = opts.limit ?? 64;
    const ids = this.family.barriers.map((b) => b.id);
    const asWritten = this.family.asWritten();
    const only = (set: ReadonlySet<string>) => new Map(ids.map((id) => [id, set.has(id) ? asWritten.get(id)! : 'none']));
    /** The barriers of the last unsat check's core (those it needed on). */
    let core: ReadonlySet<string> = new Set();
    const sufficient = async (set: ReadonlySet<string>) => {
      const r = await this.reach(only(set), goal);
      if (r.answer === 'unknown') throw new UnknownAnswer();
      core = r.core ?? new Set();
      return r.answer === 'unsat';
    };
    const minimal: Set<string>[] = [];
    const maximalInsufficient: Set<string>[] = [];
    const explored = (s: ReadonlySet<string>) =>
      minimal.some((m) => [...m].every((x) => s.has(x))) || maximalInsufficient.some((m) => [...s].every((x) => m.has(x)));
    try {
      // Barriers necessary on their own (known from the caller) belong to
      // every sufficient set; when they suffice, they are the only minimal one.
      if (opts.necessary && (await sufficient(opts.necessary))) minimal.push(new Set(opts.necessary));
      for (;;) {
        const seed = unexploredSeed(ids, explored);
        if (!seed || minimal.length >= limit) break;
        if (await sufficient(seed)) {
          // Start from the unsat core's barriers, then delete one at a time.
          // The core proves the smaller set sufficient: it keeps every
          // barrier the core constrains (the others, dropped, are
          // unconstrained in it, and those outside the seed stay dropped).
          const fromCore = new Set([...seed].filter((id) => core.has(id)));
          if (fromCore.size < seed.size) {
            this.refutedByCore(only(fromCore), goal, core);
            for (const id of [...seed]) if (!fromCore.has(id)) seed.delete(id);
          }
          for (const id of [...seed]) {
            seed.delete(id);
            if (!(await sufficient(seed))) seed.add(id);
          }
          minimal.push(seed);
        } else {
          for (const id of ids) {
            if (seed.has(id)) continue;
            seed.add(id);
            if (await sufficient(seed)) seed.delete(id);
          }
          maximalInsufficient.push(seed);
        }
      }
      // Direct check of each set, whatever the exploration assumed.
      for (const m of minimal) {
        if (!(await sufficient(m))) throw new Error(`memorder bug: minimal set {${[...m].join(', ')}} is not sufficient`);
        for (const id of m) {
          if (await sufficient(new Set([...m].filter((x) => x !== id)))) throw new Error(`memorder bug: {${[...m].join(', ')}} is not minimal`);
        }
      }
    } catch (e) {
      if (e instanceof UnknownAnswer) return 'unknown';
      throw e;
    }
    const order = (s: Set<string>) => ids.filter((id) => s.has(id));
    return minimal.map(order).sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
  }

  /**
   * The condition, over the literals named in `open` (all other barriers as
   * in the execution's configuration), under which the model forbids an
   * execution found by a query.
   */
  forbiddenWhen(execution: Execution, open: ReadonlySet<string>): BoolTerm {
    const base = concreteRelations(this.enc.graph, execution, open);
    return orAll(evaluateChecks(this.enc.model, base).filter((c) => !c.flag).map((c) => not(statementHolds(c))));
  }

  /** The literal that selects `kind` for a barrier. */
  literal(id: string, kind: string): BoolTerm | undefined {
    return this.family.literal(id, kind);
  }

  dispose(): void {
    this.enc.dispose();
  }
}

class UnknownAnswer extends Error {}

interface Reach {
  answer: 'sat' | 'unsat' | 'unknown';
  witness?: Witness;
  /** For sat: the execution found. */
  execution?: Execution;
  /** For unsat: the barriers an unsat core needed on. */
  core?: ReadonlySet<string>;
}

/**
 * A largest subset of `ids` not yet explored (neither a superset of a known
 * sufficient set nor a subset of a known insufficient one), or undefined.
 * Explicit search: barrier counts of real programs keep it small.
 */
function unexploredSeed(ids: string[], explored: (s: ReadonlySet<string>) => boolean): Set<string> | undefined {
  if (ids.length > 16) throw new Error(`too many barriers (${ids.length}) to enumerate minimal sets`);
  const subsets: number[] = [];
  for (let mask = 0; mask < 1 << ids.length; mask++) subsets.push(mask);
  const size = (mask: number) => ids.reduce((n, _, i) => n + ((mask >> i) & 1), 0);
  subsets.sort((a, b) => size(b) - size(a) || a - b);
  for (const mask of subsets) {
    const s = new Set(ids.filter((_, i) => (mask >> i) & 1));
    if (!explored(s)) return s;
  }
  return undefined;
}

/** How a barrier of a kind is spelled in kernel C (`smp_wmb`, `READ_ONCE`, `xchg_acquire`). */
export function spell(b: Barrier, kind: string): string {
  if (kind === 'none') return 'nothing';
  if (b.class === 'rmw') {
    const base = b.primitive.replace(/_(relaxed|acquire|release)$/, '');
    const suffix: Record<string, string> = { mb: '', acquire: '_acquire', release: '_release', once: '_relaxed' };
    return `${base}${suffix[kind] ?? `_${kind}`}`;
  }
  if (kind === b.kind) return b.primitive;
  return KINDS[b.class].find((k) => k.kind === kind)?.spelled ?? kind;
}

/** The key of a remembered answer: the goal and every barrier's kind. */
function answerKey(config: Configuration, goal: BoolTerm): string {
  return `${goal.name}|${[...config].sort(([a], [b]) => a.localeCompare(b)).map(([id, k]) => `${id}=${k}`).join(',')}`;
}

export interface WhatIfResult {
  file: string;
  name: string;
  model: string;
  /** What was changed, in words: `P1:smp_rmb#1 dropped`, `smp_rmb added before P1 line 14` (a spec: `before ksm specs/mm/ksm.ts:26`). */
  changes: string[];
  /** The condition's verdict as written, and with the changes. */
  before: Verdict;
  verdict: Verdict;
  witness?: Witness;
  reason?: string;
  timeMs: number;
}

export interface WhatIfEdits {
  drop: readonly string[];
  weaken: readonly string[];
  /** `P1:14=smp_rmb`: a fence added before the statement on line 14 of P1. */
  add: readonly string[];
}

/** The verdict of a program with some barriers dropped, weakened or added, next to the verdict as written. */
export async function whatIf(
  program: Program,
  edits: WhatIfEdits,
  opts: { model: LoadedModel; unroll: number; timeoutMs?: number },
): Promise<WhatIfResult> {
  const started = performance.now();
  const cmd = { file: '<command line>', line: 1, col: 1 };
  const naming = Naming.of(program);
  const added: { id: string; kind: string }[] = [];
  for (const a of edits.add) {
    const m = /^([^:=]+):(\d+)=(.+)$/.exec(a);
    const thread = m ? naming.threadNamed(m[1]!) : undefined;
    if (!m || thread === undefined) throw new InputError(cmd, `--add takes THREAD:LINE=KIND (e.g. P1:14=smp_rmb${naming.scenario ? `, ${naming.thread(0)}:14=smp_mb` : ''}), not '${a}'`);
    const placed = withFenceAt(program, thread, Number(m[2]), cmd);
    program = placed.program;
    const id = placed.id;
    added.push({ id, kind: parseKind({ class: 'fence', id }, m[3]!, cmd) });
  }
  const barriers = barriersOf(program);
  const requested = new Map<string, string>();
  for (const ref of edits.drop) requested.set(findBarrier(barriers, ref, cmd, naming).id, 'none');
  for (const w of edits.weaken) {
    const at = w.lastIndexOf('=');
    if (at <= 0) throw new InputError(cmd, `--weaken takes ID=KIND, not '${w}'`);
    const b = findBarrier(barriers, w.slice(0, at), cmd, naming);
    requested.set(b.id, parseKind(b, w.slice(at + 1), cmd));
  }
  for (const a of added) requested.set(a.id, a.kind);
  const result: WhatIfResult = {
    file: program.file,
    name: program.name,
    model: opts.model.name,
    changes: [...requested].map(([id, kind]) => {
      const b = barriers.find((x) => x.id === id)!;
      if (b.candidate) return `${spell(b, kind)} added before ${naming.site(b.thread, b.pos)}`;
      return kind === 'none' ? `${id} dropped` : `${id} as ${spell(b, kind)}`;
    }),
    before: 'Unknown',
    verdict: 'Unknown',
    timeMs: 0,
  };
  const done = () => {
    result.timeMs = Math.round(performance.now() - started);
    return result;
  };
  const w = await WhatIf.create(program, { ...opts, kindsOf: (b) => (requested.has(b.id) ? [requested.get(b.id)!] : []) });
  if (!(w instanceof WhatIf)) {
    result.reason = w.unsupported;
    return done();
  }
  try {
    const asWritten = w.family.asWritten();
    result.before = (await w.verdict(asWritten)).verdict;
    const after = await w.verdict(new Map([...asWritten, ...requested]));
    result.verdict = after.verdict;
    if (after.witness) result.witness = after.witness;
    if (after.reason) result.reason = after.reason;
    return done();
  } finally {
    w.dispose();
  }
}
