// A solver session: one Z3 solver fed with SMT-LIB text, queried under
// assumptions (DESIGN.md, decision 2), with models read back by name.
//
// The solver is Z3's "simple" incremental SMT solver: the default one runs
// its preprocessing tactics again at every check (≈7 ms each on this machine
// even for trivial queries). Checks without a time limit call Z3
// synchronously on this thread (≈0.5 ms floor, against ≈6 ms for handing
// each call to a worker thread); with --timeout they go through the worker,
// where Z3's timer thread can interrupt them, each with what is left of the
// session's budget.

import { setImmediate } from 'node:timers/promises';
import { iff, boolVar, type BoolTerm } from '../logic/term.js';
import { SmtlibPrinter, type ValueSort } from './smtlib.js';
import { throwIfError, z3, type Z3Handle } from './z3.js';

export type SatResult = 'sat' | 'unsat' | 'unknown';

/**
 * Checks without a time limit run synchronously; every YIELD_EVERY_MS a
 * check first lets the event loop run, so that a long test does not hold
 * up the timers and messages of the process it runs in (the pool's helpers,
 * src/batch/pool.ts).
 */
const YIELD_EVERY_MS = 50;
let lastYield = performance.now();

type Ptr = number;

/**
 * Values of constants in the solver's current model, read on demand by name.
 * Names the model leaves unconstrained read as 0 / false. Valid until the
 * session's next check.
 */
export class ModelValues {
  private readonly cache = new Map<string, number | boolean>();
  constructor(
    private readonly session: SmtSession,
    private readonly model: Ptr,
  ) {}

  int(name: string): number {
    let v = this.cache.get(name);
    if (v === undefined) {
      v = this.session.intValue(this.model, name);
      this.cache.set(name, v);
    }
    return v as number;
  }

  /** A rank's value (ranks are Ints whatever the values are, see rankVar). */
  rank(name: string): number {
    let v = this.cache.get(`rank:${name}`);
    if (v === undefined) {
      const text = this.session.evaluate(this.model, name, 'rank');
      v = text === undefined ? 0 : Number(text);
      this.cache.set(`rank:${name}`, v);
    }
    return v as number;
  }

  bool(name: string): boolean {
    let v = this.cache.get(name);
    if (v === undefined) {
      v = this.session.evaluate(this.model, name, 'bool') === 'true';
      this.cache.set(name, v);
    }
    return v as boolean;
  }
}

export class SmtSession {
  private readonly printer: SmtlibPrinter;
  private literals = 0;
  private lastReason = '';
  private model_: Ptr | undefined;
  private readonly constants = new Map<string, Ptr>();
  private readonly intSort: Ptr;
  private readonly rankSort: Ptr;
  private readonly boolSort: Ptr;

  private constructor(
    private readonly h: Z3Handle,
    private readonly solver: Ptr,
    /**
     * With --timeout: when the session's time is up (performance.now()).
     * The budget is the whole session's, a test's every question together,
     * not each check's: a test of many quick checks is bounded too.
     */
    private readonly deadline: number | undefined,
    /** How integer terms are represented (see src/smt/smtlib.ts). */
    private readonly values: ValueSort,
  ) {
    this.printer = new SmtlibPrinter(values);
    this.rankSort = h.Z3.mk_int_sort(h.ctx) as unknown as Ptr;
    this.intSort = (values === 'bv32' ? h.Z3.mk_bv_sort(h.ctx, 32) : this.rankSort) as unknown as Ptr;
    this.boolSort = h.Z3.mk_bool_sort(h.ctx) as unknown as Ptr;
    for (const s of [this.intSort, this.rankSort, this.boolSort]) h.Z3.inc_ref(h.ctx, h.Z3.sort_to_ast(h.ctx, s as never));
  }

  static async create(opts: { timeoutMs?: number; values?: ValueSort } = {}): Promise<SmtSession> {
    const { timeoutMs } = opts;
    const h = await z3();
    const { Z3, ctx } = h;
    const solver = Z3.mk_simple_solver(ctx);
    Z3.solver_inc_ref(ctx, solver);
    const deadline = timeoutMs !== undefined && timeoutMs > 0 ? performance.now() + timeoutMs : undefined;
    return new SmtSession(h, solver as unknown as Ptr, deadline, opts.values ?? 'int');
  }

  /** Asserts every term. */
  add(terms: readonly BoolTerm[]): void {
    if (terms.length === 0) return;
    this.h.Z3.solver_from_string(this.h.ctx, this.solver as never, this.printer.assertAll(terms));
    throwIfError(this.h, 'cannot read the encoding');
  }

  /** A fresh Boolean literal equivalent to `t`, usable as an assumption. */
  literal(t: BoolTerm, hint = 'lit'): BoolTerm {
    if (t.op === 'bvar') return t;
    const v = boolVar(`${hint}_${this.literals++}`);
    this.add([iff(v, t)]);
    return v;
  }

  /**
   * Asserts `guard ⇒ ¬(name1 = v1 ∧ ...)` over integer constants: blocks one
   * assignment during enumeration. Built through the API: parsing text for
   * each small clause costs more than the clause.
   */
  block(guard: BoolTerm, names: readonly string[], values: readonly number[]): void {
    const { Z3, ctx } = this.h;
    const held: Ptr[] = [];
    const keep = (a: unknown): Ptr => {
      Z3.inc_ref(ctx, a as never);
      held.push(a as Ptr);
      return a as Ptr;
    };
    // mk_int takes a C int, a bit-vector's two's complement included.
    const eqs = names.map((n, i) => keep(Z3.mk_eq(ctx, this.constant(n, 'int') as never, keep(Z3.mk_int(ctx, values[i]!, this.intSort as never)) as never)));
    const g = this.constant(guard.name!, 'bool');
    const all = keep(this.withArray(eqs, (n, array) => this.h.em._Z3_mk_and(ctx as unknown as number, n, array)));
    const clause = keep(Z3.mk_implies(ctx, g as never, keep(Z3.mk_not(ctx, all as never)) as never));
    Z3.solver_assert(ctx, this.solver as never, clause as never);
    throwIfError(this.h, 'cannot block a state');
    for (const a of held) Z3.dec_ref(ctx, a as never);
  }

  /**
   * Calls a C entry point that takes an array of pointers, with `items`
   * copied into WASM memory (the generated wrapper's ccall costs more than
   * the call for small arrays).
   */
  private withArray<R>(items: readonly Ptr[], call: (n: number, array: number) => R): R {
    const { em } = this.h;
    const buf = em._malloc(4 * Math.max(1, items.length));
    try {
      items.forEach((a, i) => (em.HEAPU32[(buf >> 2) + i] = a));
      return call(items.length, buf);
    } finally {
      em._free(buf);
    }
  }

  /** Checks satisfiability under assumptions (each a Boolean variable, see `literal`). */
  async check(assumptions: readonly BoolTerm[] = []): Promise<SatResult> {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await setImmediate();
      lastYield = performance.now();
    }
    const { Z3, em, ctx } = this.h;
    this.releaseModel();
    const asts = assumptions.map((a) => {
      if (a.op !== 'bvar') throw new Error('assumptions must be literals');
      return this.constant(a.name!, 'bool');
    });
    let r: number;
    if (this.deadline !== undefined) {
      const left = Math.ceil(this.deadline - performance.now());
      if (left <= 0) {
        this.lastReason = 'timeout';
        return 'unknown';
      }
      this.setTimeout(left);
      r = await Z3.solver_check_assumptions(ctx, this.solver as never, asts as never);
    } else {
      r = this.withArray(asts, (n, array) => em._Z3_solver_check_assumptions(ctx as unknown as number, this.solver, n, array));
    }
    throwIfError(this.h, 'check failed');
    if (r === 0) this.lastReason = Z3.solver_get_reason_unknown(ctx, this.solver as never);
    return r === 1 ? 'sat' : r === -1 ? 'unsat' : 'unknown';
  }

  /** Z3's own limit for the next check, in milliseconds. */
  private setTimeout(ms: number): void {
    const { Z3, ctx } = this.h;
    const params = Z3.mk_params(ctx);
    Z3.params_inc_ref(ctx, params);
    Z3.params_set_uint(ctx, params, Z3.mk_string_symbol(ctx, 'timeout'), ms);
    Z3.solver_set_params(ctx, this.solver as never, params);
    Z3.params_dec_ref(ctx, params);
  }

  /**
   * After an unsat check: the names of the assumption literals of an unsat
   * core (a subset of the assumptions that is unsat by itself).
   */
  unsatCore(): string[] {
    const { Z3, ctx } = this.h;
    const core = Z3.solver_get_unsat_core(ctx, this.solver as never);
    throwIfError(this.h, 'no unsat core');
    Z3.ast_vector_inc_ref(ctx, core);
    const names: string[] = [];
    for (let i = 0; i < Z3.ast_vector_size(ctx, core); i++) names.push(Z3.ast_to_string(ctx, Z3.ast_vector_get(ctx, core, i)).replace(/^\|(.*)\|$/, '$1'));
    Z3.ast_vector_dec_ref(ctx, core);
    return names;
  }

  /** Why the last check answered unknown (e.g. "timeout", "canceled"). */
  reasonUnknown(): string {
    return this.lastReason || 'unknown';
  }

  model(): ModelValues {
    const { Z3, ctx } = this.h;
    if (this.model_ === undefined) {
      this.model_ = Z3.solver_get_model(ctx, this.solver as never) as unknown as Ptr;
      throwIfError(this.h, 'no model');
      Z3.model_inc_ref(ctx, this.model_ as never);
    }
    return new ModelValues(this, this.model_);
  }

  /** An integer constant's value in `model` (0 if it has none), as a C int in bit-vector mode. */
  intValue(model: Ptr, name: string): number {
    const text = this.evaluate(model, name, 'int');
    if (text === undefined) return 0;
    const v = Number(text);
    return this.values === 'bv32' && v >= 2 ** 31 ? v - 2 ** 32 : v;
  }

  /** The value of constant `name` in `model`, as text (`5`, `-2`, `true`); undefined if none. */
  evaluate(model: Ptr, name: string, sort: 'int' | 'bool' | 'rank'): string | undefined {
    const { Z3, ctx } = this.h;
    const c = this.constant(name, sort);
    const v = Z3.model_eval(ctx, model as never, c as never, true);
    if (v === null) return undefined;
    Z3.inc_ref(ctx, v);
    const text = sort === 'bool' ? (Z3.get_bool_value(ctx, v) === 1 ? 'true' : 'false') : Z3.get_numeral_string(ctx, v);
    Z3.dec_ref(ctx, v);
    return text;
  }

  /** Releases the solver; the session is unusable afterwards. */
  dispose(): void {
    const { Z3, ctx } = this.h;
    this.releaseModel();
    Z3.solver_dec_ref(ctx, this.solver as never);
    for (const c of this.constants.values()) Z3.dec_ref(ctx, c as never);
    this.constants.clear();
    for (const s of [this.intSort, this.rankSort, this.boolSort]) Z3.dec_ref(ctx, Z3.sort_to_ast(ctx, s as never));
  }

  /** The constant `name` of `sort`, made once per session (owned by the session: do not dec_ref it). */
  private constant(name: string, sort: 'int' | 'bool' | 'rank'): Ptr {
    const key = `${sort} ${name}`;
    let c = this.constants.get(key);
    if (c === undefined) {
      const { Z3, ctx } = this.h;
      const s = sort === 'int' ? this.intSort : sort === 'rank' ? this.rankSort : this.boolSort;
      c = Z3.mk_const(ctx, Z3.mk_string_symbol(ctx, name), s as never) as unknown as Ptr;
      Z3.inc_ref(ctx, c as never);
      this.constants.set(key, c);
    }
    return c;
  }

  private releaseModel(): void {
    if (this.model_ !== undefined) {
      this.h.Z3.model_dec_ref(this.h.ctx, this.model_ as never);
      this.model_ = undefined;
    }
  }
}
