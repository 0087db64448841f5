// A solver session: one Z3 solver fed with SMT-LIB text, queried under
// assumptions (DESIGN.md, decision 2), with models read back as plain values.

import { boolVar, iff, type BoolTerm } from '../logic/term.js';
import { SmtlibPrinter } from './smtlib.js';
import { guarded, z3, type Z3Context } from './z3.js';

export type SatResult = 'sat' | 'unsat' | 'unknown';

/**
 * Values of constants in the solver's current model, read on demand by name
 * (printing a whole model is slow: Z3 pretty-prints every macro). Names the
 * model leaves unconstrained read as 0 / false. Valid until the next check.
 */
export class ModelValues {
  private readonly cache = new Map<string, number | boolean>();
  constructor(
    private readonly ctx: Z3Context,
    private readonly model: ReturnType<InstanceType<Z3Context['Solver']>['model']>,
  ) {}
  int(name: string): number {
    let v = this.cache.get(name);
    if (v === undefined) {
      const e = this.model.eval(this.ctx.Int.const(name), true);
      v = this.ctx.isIntVal(e) ? Number(e.value()) : 0;
      this.cache.set(name, v);
    }
    return v as number;
  }
  bool(name: string): boolean {
    let v = this.cache.get(name);
    if (v === undefined) {
      v = this.ctx.isTrue(this.model.eval(this.ctx.Bool.const(name), true));
      this.cache.set(name, v);
    }
    return v as boolean;
  }
}

export class SmtSession {
  private readonly printer = new SmtlibPrinter();
  private literals = 0;
  private lastReason = '';

  private constructor(
    private readonly ctx: Z3Context,
    private readonly solver: InstanceType<Z3Context['Solver']>,
  ) {}

  static async create(timeoutMs?: number): Promise<SmtSession> {
    const { ctx } = await z3();
    const solver = new ctx.Solver();
    if (timeoutMs !== undefined && timeoutMs > 0) solver.set('timeout', Math.ceil(timeoutMs));
    return new SmtSession(ctx, solver);
  }

  /** Asserts every term. */
  add(terms: readonly BoolTerm[]): void {
    if (terms.length === 0) return;
    this.solver.fromString(this.printer.assertAll(terms));
  }

  /** A fresh Boolean literal equivalent to `t`, usable as an assumption. */
  literal(t: BoolTerm, hint = 'lit'): BoolTerm {
    if (t.op === 'bvar') return t;
    const v = boolVar(`${hint}_${this.literals++}`);
    this.add([iff(v, t)]);
    return v;
  }

  push(): void {
    this.solver.push();
  }
  pop(): void {
    this.solver.pop();
  }

  /** Checks satisfiability under assumptions (each a Boolean variable, see `literal`). */
  async check(assumptions: readonly BoolTerm[] = []): Promise<SatResult> {
    const lits = assumptions.map((a) => {
      if (a.op !== 'bvar') throw new Error('assumptions must be literals');
      return this.ctx.Bool.const(a.name!);
    });
    const r = await guarded(() => this.solver.check(...lits));
    if (r === 'unknown') this.lastReason = this.solver.reasonUnknown();
    return r;
  }

  /** Why the last check answered unknown (e.g. "timeout", "canceled"). */
  reasonUnknown(): string {
    return this.lastReason || 'unknown';
  }

  model(): ModelValues {
    return new ModelValues(this.ctx, this.solver.model());
  }
}
