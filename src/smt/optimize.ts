// A Z3 Optimize context for `fix`: the cheapest assignment of barrier
// literals that satisfies the constraints gathered so far. Fed with
// SMT-LIB text like the solver session (src/smt/session.ts).

import { eq, intVar, type BoolTerm, type IntTerm } from '../logic/term.js';
import { SmtlibPrinter } from './smtlib.js';
import { throwIfError, z3, type Z3Handle } from './z3.js';

type Ptr = number;

/**
 * SMT-LIB text for Optimize: unlike a solver's, its parser forgets the
 * declarations of earlier calls, so each text declares what it uses (the
 * same name and sort denote the same constant across calls).
 */
function text(terms: readonly BoolTerm[]): string {
  return new SmtlibPrinter().assertAll(terms);
}

export class Optimizer {
  private model_: Ptr | undefined;

  private constructor(
    private readonly h: Z3Handle,
    private readonly opt: Ptr,
  ) {}

  static async create(): Promise<Optimizer> {
    const h = await z3();
    const opt = h.Z3.mk_optimize(h.ctx);
    h.Z3.optimize_inc_ref(h.ctx, opt);
    return new Optimizer(h, opt as unknown as Ptr);
  }

  add(terms: readonly BoolTerm[]): void {
    if (terms.length === 0) return;
    this.h.Z3.optimize_from_string(this.h.ctx, this.opt as never, text(terms));
    throwIfError(this.h, 'cannot read a constraint');
  }

  /** Minimise `cost` (an integer term), asserted once. */
  minimize(cost: IntTerm, name = 'cost'): void {
    this.h.Z3.optimize_from_string(this.h.ctx, this.opt as never, `${text([eq(intVar(name), cost)])}\n(minimize ${name})`);
    throwIfError(this.h, 'cannot read the objective');
  }

  /** Runs on this thread, like SmtSession's untimed checks (no worker thread to clean up). */
  check(): 'sat' | 'unsat' | 'unknown' {
    this.releaseModel();
    const r = this.h.em._Z3_optimize_check(this.h.ctx as unknown as number, this.opt, 0, 0);
    throwIfError(this.h, 'optimize failed');
    return r === 1 ? 'sat' : r === -1 ? 'unsat' : 'unknown';
  }

  /** A Boolean constant's value in the optimum found by the last check (unconstrained ones read false). */
  bool(name: string): boolean {
    return this.eval(name, 'bool') === 'true';
  }

  int(name: string): number {
    return Number(this.eval(name, 'int') ?? 0);
  }

  private eval(name: string, sort: 'bool' | 'int'): string | undefined {
    const { Z3, ctx } = this.h;
    if (this.model_ === undefined) {
      this.model_ = Z3.optimize_get_model(ctx, this.opt as never) as unknown as Ptr;
      Z3.model_inc_ref(ctx, this.model_ as never);
    }
    const s = sort === 'bool' ? Z3.mk_bool_sort(ctx) : Z3.mk_int_sort(ctx);
    const c = Z3.mk_const(ctx, Z3.mk_string_symbol(ctx, name), s);
    Z3.inc_ref(ctx, c);
    const v = Z3.model_eval(ctx, this.model_ as never, c, true);
    Z3.dec_ref(ctx, c);
    if (v === null) return undefined;
    Z3.inc_ref(ctx, v);
    const text = sort === 'bool' ? (Z3.get_bool_value(ctx, v) === 1 ? 'true' : 'false') : Z3.get_numeral_string(ctx, v);
    Z3.dec_ref(ctx, v);
    return text;
  }

  private releaseModel(): void {
    if (this.model_ !== undefined) {
      this.h.Z3.model_dec_ref(this.h.ctx, this.model_ as never);
      this.model_ = undefined;
    }
  }

  dispose(): void {
    this.releaseModel();
    this.h.Z3.optimize_dec_ref(this.h.ctx, this.opt as never);
  }
}
