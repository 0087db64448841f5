// Unrolls a program into its event graph by guarded symbolic execution: each
// thread runs once, branches become guards on the events they contain, and
// registers hold symbolic values over the read-value variables. Dependencies
// (addr, data, ctrl) follow registers syntactically, the way herd7 computes
// them for C: a control dependency covers the events inside the branches of an
// `if`, not the code after it.

import type { Expr, FenceKind, HerdOrigin, Ordering, Program, RmwOp, RmwTag, SourcePos, Stmt, Thread } from '../program/ir.js';
import { InputError } from '../program/errors.js';
import { FENCE_NAMES } from '../program/barriers.js';
import {
  and,
  binary,
  bitNot,
  boolVar,
  boolToInt,
  eq,
  FALSE,
  implies,
  int,
  intVar,
  ite,
  le,
  lt,
  neg,
  neq,
  not,
  or,
  orAll,
  TRUE,
  truthy,
  type ArithOp,
  type BoolTerm,
  type IntTerm,
} from '../logic/term.js';
import { LOCATION_BASE, type Edge, type EventGraph, type EventKind, type HerdDialect, type LocationInfo, type MemEvent, type Operation } from './graph.js';

export interface BuildOptions {
  /** How many times a loop body may run before the unroller cuts it off. */
  unroll: number;
  /** Barriers whose kind is left open, for what-if queries (see KindChoice). */
  variation?: Variation;
  /**
   * herd flavour, for herd's own model files (a program parsed with a .def
   * file): events carry the builtins' annotations as herd names them
   * (`ONCE` → set ONCE, `before-atomic` → Before-atomic); an RMW's events
   * are also RMW, a failed one is only its read; spinlocks are herd's lock
   * events without values (LKR and LKW, UL, LF, RL/RU), which a model's
   * lock.cat interprets, with a choice variable deciding a spin_trylock's
   * or spin_is_locked's outcome. Barrier variations do not apply.
   */
  herd?: HerdDialect;
}

/** One kind a barrier may take (`none`: absent), selected when `when` holds. */
export interface KindChoice {
  kind: string;
  when: BoolTerm;
}

/** The kinds each barrier (by id, src/program/barriers.ts) may take in one encoding. */
export interface Variation {
  choices(barrier: string): KindChoice[] | undefined;
}

/** herd's name for the event set of an annotation: the first letter capitalised. */
export function annotationSet(annotation: string): string {
  return annotation.charAt(0).toUpperCase() + annotation.slice(1);
}

/** Name of the choice variable deciding the outcome of herd lock operation `id`. */
export function lockChoiceName(id: number): string {
  return `lk_${id}`;
}

/** A register value: its term and the reads it depends on (with the condition of each dependency). */
interface Val {
  term: IntTerm;
  deps: ReadonlyMap<number, BoolTerm>;
}

const NO_DEPS: ReadonlyMap<number, BoolTerm> = new Map();

function constVal(term: IntTerm): Val {
  return { term, deps: NO_DEPS };
}

function unionDeps(...ds: ReadonlyMap<number, BoolTerm>[]): ReadonlyMap<number, BoolTerm> {
  const nonEmpty = ds.filter((d) => d.size > 0);
  if (nonEmpty.length === 0) return NO_DEPS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const out = new Map<number, BoolTerm>();
  for (const d of nonEmpty) for (const [e, c] of d) out.set(e, or(out.get(e) ?? FALSE, c));
  return out;
}

const FENCE_TAGS: Record<FenceKind, string> = {
  mb: 'Mb',
  rmb: 'Rmb',
  wmb: 'Wmb',
  barrier: 'Barrier',
  'before-atomic': 'Before-atomic',
  'after-atomic': 'After-atomic',
  'after-spinlock': 'After-spinlock',
  'after-unlock-lock': 'After-unlock-lock',
  'after-srcu-read-unlock': 'After-srcu-read-unlock',
  'rcu-lock': 'Rcu-lock',
  'rcu-unlock': 'Rcu-unlock',
  'sync-rcu': 'Sync-rcu',
};

const ACCESS_TAGS: Record<RmwTag | 'plain', string | undefined> = {
  once: 'Once',
  acquire: 'Acquire',
  release: 'Release',
  mb: 'Mb',
  noreturn: 'Noreturn',
  plain: undefined,
};

const RMW_ARITH: Record<Exclude<RmwOp, 'xchg' | 'andnot'>, ArithOp> = {
  add: 'add',
  sub: 'sub',
  and: 'band',
  or: 'bor',
  xor: 'bxor',
};

/** Registers at one program point, with the path condition that reaches it. */
interface PathState {
  live: BoolTerm;
  regs: Map<string, Val>;
}

class GraphBuilder {
  readonly events: MemEvent[] = [];
  readonly tags = new Map<string, Map<number, BoolTerm>>();
  readonly addr: Edge[] = [];
  readonly data: Edge[] = [];
  readonly ctrl: Edge[] = [];
  readonly rmw: Edge[] = [];
  readonly assumptions: BoolTerm[] = [];
  readonly badPointers: EventGraph['badPointers'] = [];
  readonly cuts: EventGraph['cuts'] = [];
  readonly valueUses: EventGraph['valueUses'] = [];
  readonly locations: LocationInfo[];
  private readonly codes = new Map<string, number>();
  private operations = 0;

  constructor(
    readonly program: Program,
    readonly herd: HerdDialect | undefined,
  ) {
    this.locations = program.locations.map((l, i) => {
      const code = LOCATION_BASE + i;
      this.codes.set(l.name, code);
      return { name: l.name, code, type: l.type, initial: int(0) };
    });
    program.locations.forEach((l, i) => {
      this.locations[i]!.initial = l.init.kind === 'const' ? int(l.init.value) : int(this.codeOf(l.init.name, l.pos));
    });
  }

  codeOf(name: string, pos: SourcePos): number {
    const c = this.codes.get(name);
    if (c === undefined) throw new InputError(pos, `unknown location '${name}'`);
    return c;
  }

  /** herd flavour: tags event e with the annotations of the builtin it comes from. */
  annotate(e: MemEvent, herd: HerdOrigin | undefined): void {
    const annot = herd?.annot ?? [];
    e.annot = annot;
    for (const a of annot) this.tag(annotationSet(a), e.id);
  }

  tag(name: string, e: number, cond: BoolTerm = TRUE): void {
    if (cond === FALSE) return;
    let m = this.tags.get(name);
    if (!m) this.tags.set(name, (m = new Map()));
    m.set(e, or(m.get(e) ?? FALSE, cond));
  }

  /** A new operation whose kind is one of `choices` (`class.kind` rows, see Operation). */
  choiceOperation(cls: string, choices: KindChoice[]): Operation {
    const op = this.operation(`${cls}.${choices[0]!.kind}`);
    if (choices.length > 1 || choices[0]!.when !== TRUE) op.alternatives = choices.filter((c) => c.kind !== 'none').map((c) => ({ kind: `${cls}.${c.kind}`, when: c.when }));
    return op;
  }

  addInitWrites(): void {
    for (const l of this.locations) {
      const e = this.newEvent(-1, 'W', TRUE, 'init', undefined, undefined, int(l.code), l.initial);
      this.tag('IW', e.id);
    }
  }

  /** A new operation of the given class (see Operation). */
  operation(kind: string): Operation {
    return { kind, instance: this.operations++ };
  }

  newEvent(
    thread: number,
    kind: EventKind,
    guard: BoolTerm,
    label: string,
    pos: SourcePos | undefined,
    op: Operation | undefined,
    addr?: IntTerm,
    value?: IntTerm,
  ): MemEvent {
    const id = this.events.length;
    const poIndex = this.events.filter((e) => e.thread === thread).length;
    const e: MemEvent = { id, thread, kind, guard, addr, value, poIndex, label, pos, op };
    if (kind === 'R') e.value = intVar(`val${id}`);
    this.events.push(e);
    return e;
  }
}

/** Executes one thread symbolically, appending its events to the builder. */
class ThreadExecutor {
  private live: BoolTerm = TRUE;
  private regs = new Map<string, Val>();
  /** Reads the enclosing `if` conditions depend on. */
  private ctrlDeps: ReadonlyMap<number, BoolTerm> = NO_DEPS;
  /** Paths that left the thread early (`return`), or the innermost loop (`break`, `continue`). */
  private returned: PathState[] = [];
  private breaks: PathState[][] = [];
  private continues: PathState[][] = [];
  /** Paths that took a forward `goto`, by label, until they reach it. */
  private gotos = new Map<string, PathState[]>();
  /** Control dependencies of the enclosing blocks, restored where paths join at a label. */
  private blockCtrl: ReadonlyMap<number, BoolTerm>[] = [];

  constructor(
    private readonly b: GraphBuilder,
    private readonly thread: Thread,
    private readonly opts: BuildOptions,
  ) {
    for (const { reg, value } of thread.initRegs) {
      this.regs.set(reg, constVal(value.kind === 'const' ? int(value.value) : int(b.codeOf(value.name, thread.pos))));
    }
  }

  run(): Map<string, IntTerm> {
    this.block(this.thread.body);
    const final = this.merge([...this.returned, { live: this.live, regs: this.regs }]);
    const out = new Map<string, IntTerm>();
    for (const [r, v] of final) out.set(r, v.term);
    return out;
  }

  private block(stmts: Stmt[]): void {
    this.blockCtrl.push(this.ctrlDeps);
    for (const s of stmts) {
      // A label is reached by the paths that jumped to it even when no path falls through.
      if (this.live === FALSE && s.kind !== 'label') continue;
      this.stmt(s);
    }
    this.blockCtrl.pop();
  }

  /** Leaves the current path for later (break, continue, goto, return). */
  private leave(into: PathState[]): void {
    into.push({ live: this.live, regs: new Map(this.regs) });
    this.live = FALSE;
  }

  /** Joins the paths waiting at a loop's end or a label with the current one. */
  private join(waiting: PathState[]): void {
    const paths = [{ live: this.live, regs: this.regs }, ...waiting].filter((p) => p.live !== FALSE);
    this.live = orAll(paths.map((p) => p.live));
    this.regs = this.merge(paths);
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case 'assign':
        this.regs.set(s.reg, this.expr(s.value));
        return;
      case 'eval':
        this.expr(s.value);
        return;
      case 'store': {
        const a = this.address(s.addr);
        const v = this.expr(s.value);
        const choices = this.choices(s, s.tag);
        const e = this.access('W', a, s.pos, s.primitive ?? describeStore(s.tag), this.b.choiceOperation('store', choices), v.term);
        if (s.barrier) e.barrier = s.barrier;
        if (this.b.herd) this.b.annotate(e, s.herd);
        else this.tagAccess(e, choices);
        this.depEdges(this.b.data, v.deps, e);
        return;
      }
      case 'fence': {
        if (this.b.herd) {
          const e = this.event('F', s.pos, s.primitive ?? FENCE_NAMES[s.fence], this.b.operation(`fence.${s.fence}`));
          this.b.annotate(e, s.herd);
          return;
        }
        // A fence whose every choice is `none` does not happen at all.
        const choices = this.choices(s, s.fence === 'rcu-lock' || s.fence === 'rcu-unlock' ? 'rcu-section' : s.fence).map((c) =>
          c.kind === 'rcu-section' ? { kind: s.fence, when: c.when } : c,
        );
        const present = choices.filter((c) => c.kind !== 'none');
        if (present.length === 0) return;
        const saved = this.live;
        this.live = and(saved, orAll(present.map((c) => c.when)));
        const e = this.event('F', s.pos, s.primitive ?? FENCE_NAMES[s.fence], this.b.choiceOperation('fence', present));
        if (s.barrier) e.barrier = s.barrier;
        this.live = saved;
        for (const c of present) this.b.tag(FENCE_TAGS[c.kind as FenceKind], e.id, c.when);
        return;
      }
      case 'lock': {
        if (this.b.herd) {
          const a = this.address(s.addr);
          const op = this.b.operation('lock');
          this.b.tag('LKR', this.access('L', a, s.pos, 'spin_lock', op).id);
          this.b.tag('LKW', this.access('L', a, s.pos, 'spin_lock', op).id);
          return;
        }
        const a = this.address(s.addr);
        const op = this.b.operation('lock');
        const r = this.access('R', a, s.pos, 'spin_lock', op);
        this.b.tag('LKR', r.id);
        // A lock is taken only from the unlocked state (0); executions where it
        // never becomes free are not executions at all (the thread would spin).
        this.b.assumptions.push(implies(this.live, eq(r.value!, int(0))));
        const w = this.access('W', a, s.pos, 'spin_lock', op, int(1));
        this.b.tag('LKW', w.id);
        this.b.rmw.push([r.id, w.id, and(r.guard, w.guard)]);
        return;
      }
      case 'unlock': {
        const a = this.address(s.addr);
        if (this.b.herd) {
          this.b.tag('UL', this.access('L', a, s.pos, 'spin_unlock', this.b.operation('unlock')).id);
          return;
        }
        const w = this.access('W', a, s.pos, 'spin_unlock', this.b.operation('unlock'), int(0));
        this.b.tag('UL', w.id);
        return;
      }
      case 'srcuUnlock': {
        const a = this.address(s.addr);
        const v = this.expr(s.value);
        const w = this.access('W', a, s.pos, 'srcu_read_unlock', this.b.operation('srcu-unlock'), v.term);
        this.b.tag('Srcu-unlock', w.id);
        this.depEdges(this.b.data, v.deps, w);
        return;
      }
      case 'syncSrcu': {
        const a = this.address(s.addr);
        if (this.b.herd) {
          this.b.annotate(this.access('L', a, s.pos, 'synchronize_srcu', this.b.operation('sync-srcu')), s.herd);
          return;
        }
        const e = this.access('F', a, s.pos, 'synchronize_srcu', this.b.operation('sync-srcu'));
        this.b.tag('Sync-srcu', e.id);
        return;
      }
      case 'if':
        return this.ifStmt(s.cond, s.then, s.else);
      case 'loop':
        return this.loop(s);
      case 'break':
      case 'continue': {
        const top = (s.kind === 'break' ? this.breaks : this.continues).at(-1);
        if (!top) throw new InputError(s.pos, `'${s.kind}' outside a loop`);
        return this.leave(top);
      }
      case 'return':
        return this.leave(this.returned);
      case 'goto': {
        let waiting = this.gotos.get(s.label);
        if (!waiting) this.gotos.set(s.label, (waiting = []));
        return this.leave(waiting);
      }
      case 'label': {
        const waiting = this.gotos.get(s.name) ?? [];
        this.gotos.delete(s.name);
        if (waiting.length === 0) return;
        this.join(waiting);
        // Code after a join runs whichever way the paths came.
        this.ctrlDeps = this.blockCtrl.at(-1) ?? NO_DEPS;
        return;
      }
      case 'assume': {
        const c = this.expr(s.cond);
        this.use(c.term);
        this.b.assumptions.push(implies(this.live, truthy(c.term)));
        return;
      }
    }
  }

  private ifStmt(condExpr: Expr, thenS: Stmt[], elseS: Stmt[]): void {
    const c = this.expr(condExpr);
    this.use(c.term);
    const cond = truthy(c.term);
    const before = { live: this.live, regs: this.regs, ctrl: this.ctrlDeps };
    const guardThen = and(before.live, cond);
    const guardElse = and(before.live, not(cond));
    this.ctrlDeps = unionDeps(before.ctrl, c.deps);

    this.live = guardThen;
    this.regs = new Map(before.regs);
    this.block(thenS);
    const afterThen: PathState = { live: this.live, regs: this.regs };

    this.live = guardElse;
    this.regs = new Map(before.regs);
    this.block(elseS);
    const afterElse: PathState = { live: this.live, regs: this.regs };

    // When neither branch left early, the join is reached exactly when the if
    // was. When one did, what follows runs only on the paths that stayed:
    // it depends on the condition as if it were inside the if.
    const bothFallThrough = afterThen.live === guardThen && afterElse.live === guardElse;
    if (bothFallThrough) this.ctrlDeps = before.ctrl;
    this.live = bothFallThrough ? before.live : or(afterThen.live, afterElse.live);
    this.regs = this.merge([afterThen, afterElse], bothFallThrough ? cond : undefined);
  }

  private loop(s: Extract<Stmt, { kind: 'loop' }>): void {
    if (s.body.length === 0 && !s.step && readsOnly(s.cond)) return this.await(s.cond);
    const exits: PathState[] = [];
    this.breaks.push([]);
    const iteration = () => {
      this.regs = new Map(this.regs);
      this.continues.push([]);
      this.block(s.body);
      this.join(this.continues.pop()!);
      if (s.step) this.block(s.step);
    };
    for (let i = 0; i <= this.opts.unroll; i++) {
      if (this.live === FALSE) break;
      if (s.doWhile && i === 0) {
        iteration();
        continue;
      }
      const c = this.expr(s.cond);
      this.use(c.term);
      const cond = truthy(c.term);
      exits.push({ live: and(this.live, not(cond)), regs: this.regs });
      this.live = and(this.live, cond);
      if (i === this.opts.unroll) {
        // One more iteration would run: this execution is beyond the bound.
        this.b.cuts.push({ pos: s.pos, thread: this.thread.id, reached: this.live });
        this.live = FALSE;
        break;
      }
      this.ctrlDeps = unionDeps(this.ctrlDeps, c.deps);
      iteration();
    }
    // Leaving the loop is a branch on the conditions read in it (what the
    // kernel's smp_cond_load_*() rely on): what follows depends on them, as
    // this.ctrlDeps already says.
    const left = [...exits, ...this.breaks.pop()!].filter((p) => p.live !== FALSE);
    this.live = orAll(left.map((p) => p.live));
    this.regs = this.merge(left);
  }

  /**
   * An await-style spin loop, `while (cond) ;`: the loop ends in the
   * executions where a read of its condition finds it false. Only that last
   * evaluation is modelled; earlier ones read values the model does not need.
   */
  private await(condExpr: Expr): void {
    const c = this.expr(condExpr);
    this.use(c.term);
    this.b.assumptions.push(implies(this.live, not(truthy(c.term))));
    // What follows runs only once the condition is false: it depends on it.
    this.ctrlDeps = unionDeps(this.ctrlDeps, c.deps);
  }

  /**
   * Joins register states of several paths. With `cond` given (a two-way if
   * whose branches both fall through), selects by the condition; otherwise by
   * each path's own guard.
   */
  private merge(paths: PathState[], cond?: BoolTerm): Map<string, Val> {
    const live = paths.filter((p) => p.live !== FALSE);
    if (live.length === 0) return paths[0]?.regs ?? new Map();
    if (live.length === 1) return live[0]!.regs;
    const names = new Set<string>();
    for (const p of live) for (const r of p.regs.keys()) names.add(r);
    const selectors = cond ? [cond, not(cond)] : live.map((p) => p.live);
    const out = new Map<string, Val>();
    for (const r of names) {
      const vals = live.map((p) => p.regs.get(r) ?? constVal(int(0)));
      if (vals.every((v) => v === vals[0])) {
        out.set(r, vals[0]!);
        continue;
      }
      let term = vals[vals.length - 1]!.term;
      for (let i = vals.length - 2; i >= 0; i--) term = ite(selectors[i]!, vals[i]!.term, term);
      const deps = new Map<number, BoolTerm>();
      vals.forEach((v, i) => {
        for (const [e, c] of v.deps) deps.set(e, or(deps.get(e) ?? FALSE, and(selectors[i]!, c)));
      });
      out.set(r, { term, deps });
    }
    return out;
  }

  /** The kinds a barrier takes here: its own, or the variation's choices. */
  private choices(node: Ordering, own: string): KindChoice[] {
    return (node.barrier && this.opts.variation?.choices(node.barrier)) || [{ kind: own, when: TRUE }];
  }

  /**
   * Tags an access with the kinds it may be. Under a variation, a barrier
   * with none of its kinds chosen is dropped, and a dropped access stays
   * READ_ONCE-like (src/program/barriers.ts, KINDS), as `drop` edits make
   * it: only the `plain` kind makes it plain. Once counts only towards
   * Marked (lkmm.bell), so tagging it beside Acquire or Release changes
   * nothing else.
   */
  private tagAccess(e: MemEvent, choices: readonly KindChoice[]): void {
    for (const c of choices) {
      const t = ACCESS_TAGS[c.kind as RmwTag | 'plain'];
      if (t) this.b.tag(t, e.id, c.when);
    }
    const varied = choices.length > 1 || choices[0]!.when !== TRUE;
    if (varied) this.b.tag('Once', e.id, not(choices.find((c) => c.kind === 'plain')?.when ?? FALSE));
  }

  // ------------------------------------------------------------ events

  private event(kind: EventKind, pos: SourcePos, label: string, op: Operation, addr?: IntTerm, value?: IntTerm): MemEvent {
    const e = this.b.newEvent(this.thread.id, kind, this.live, label, pos, op, addr, value);
    this.depEdges(this.b.ctrl, this.ctrlDeps, e);
    return e;
  }

  /** Records that the current path computes with these values (EventGraph.valueUses). */
  private use(...terms: IntTerm[]): void {
    if (this.live === FALSE) return;
    for (const term of terms) if (term.op !== 'const') this.b.valueUses.push({ when: this.live, term });
  }

  /** An access through an evaluated address, with its addr dependencies. */
  private access(kind: EventKind, a: Val, pos: SourcePos, label: string, op: Operation, value?: IntTerm): MemEvent {
    const e = this.event(kind, pos, label, op, a.term, value);
    this.depEdges(this.b.addr, a.deps, e);
    return e;
  }

  private depEdges(into: Edge[], deps: ReadonlyMap<number, BoolTerm>, e: MemEvent): void {
    for (const [r, c] of deps) {
      const cond = and(c, this.b.events[r]!.guard, e.guard);
      if (cond !== FALSE) into.push([r, e.id, cond]);
    }
  }

  /** Evaluates a pointer expression and records when it is not a location. */
  private address(x: Expr): Val {
    const a = this.expr(x);
    this.use(a.term);
    if (a.term.op !== 'const' || !this.b.locations.some((l) => l.code === a.term.value)) {
      const valid = orAll(this.b.locations.map((l) => eq(a.term, int(l.code))));
      const bad = and(this.live, not(valid));
      if (bad !== FALSE) this.b.badPointers.push({ pos: x.pos, cond: bad });
    }
    return a;
  }

  private read(x: Expr, pos: SourcePos, label: string, tag: string | undefined, op: Operation, herd?: HerdOrigin): { e: MemEvent; val: Val } {
    const a = this.address(x);
    const e = this.access('R', a, pos, label, op);
    if (this.b.herd) this.b.annotate(e, herd);
    else if (tag) this.b.tag(tag, e.id);
    return { e, val: { term: e.value!, deps: new Map([[e.id, TRUE]]) } };
  }

  // ------------------------------------------------------------ expressions

  private expr(x: Expr): Val {
    switch (x.kind) {
      case 'const':
        return constVal(int(x.value));
      case 'addr':
        return constVal(int(this.b.codeOf(x.name, x.pos)));
      case 'reg':
        return this.regs.get(x.name) ?? constVal(int(0));
      case 'unary': {
        const a = this.expr(x.arg);
        this.use(a.term);
        const term = x.op === '-' ? neg(a.term) : x.op === '~' ? bitNot(a.term) : boolToInt(not(truthy(a.term)));
        return { term, deps: a.deps };
      }
      case 'binary':
        return this.binaryExpr(x);
      case 'load':
      {
        const choices = this.choices(x, x.tag);
        const { e, val } = this.read(x.addr, x.pos, x.primitive ?? describeLoad(x.tag), undefined, this.b.choiceOperation('load', choices), x.herd);
        if (x.barrier) e.barrier = x.barrier;
        if (!this.b.herd) this.tagAccess(e, choices);
        return val;
      }
      case 'rmw':
        return this.rmwExpr(x);
      case 'cmpxchg': {
        const a = this.address(x.addr);
        const expected = this.expr(x.expected);
        const desired = this.expr(x.desired);
        const { r } = this.rmwPair(x, a, x.pos, 'cmpxchg', 'cmpxchg', x.tag, (old) => (this.use(old, expected.term), eq(old, expected.term)), () => desired, x.herd);
        return { term: r.value!, deps: new Map([[r.id, TRUE]]) };
      }
      case 'addUnless': {
        const a = this.address(x.addr);
        const add = this.expr(x.add);
        const unless = this.expr(x.unless);
        const { r, succeeded } = this.rmwPair(
          x,
          a,
          x.pos,
          'atomic_add_unless',
          'add-unless',
          x.tag,
          (old) => (this.use(old, unless.term), neq(old, unless.term)),
          (old) => (this.use(add.term), { term: binary('add', old, add.term), deps: add.deps }),
          x.herd,
        );
        return { term: boolToInt(succeeded), deps: new Map([[r.id, TRUE]]) };
      }
      case 'trylock': {
        const a = this.address(x.addr);
        const op = this.b.operation('trylock');
        if (this.b.herd) {
          // herd: success is LKR, LKW; failure a lone LF; which one is free (the model decides).
          const e = this.access('L', a, x.pos, 'spin_trylock', op);
          const taken = boolVar(lockChoiceName(e.id));
          this.b.tag('LKR', e.id, taken);
          this.b.tag('LF', e.id, not(taken));
          const w = this.b.newEvent(this.thread.id, 'L', and(this.live, taken), 'spin_trylock', x.pos, op, a.term);
          this.depEdges(this.b.ctrl, this.ctrlDeps, w);
          this.depEdges(this.b.addr, a.deps, w);
          this.b.tag('LKW', w.id);
          return constVal(boolToInt(taken));
        }
        const r = this.access('R', a, x.pos, 'spin_trylock', op);
        this.use(r.value!);
        const free = eq(r.value!, int(0));
        this.b.tag('LKR', r.id, free);
        this.b.tag('LF', r.id, not(free));
        const w = this.b.newEvent(this.thread.id, 'W', and(this.live, free), 'spin_trylock', x.pos, op, a.term, int(1));
        this.depEdges(this.b.ctrl, this.ctrlDeps, w);
        this.depEdges(this.b.addr, a.deps, w);
        this.b.tag('LKW', w.id);
        this.b.rmw.push([r.id, w.id, and(r.guard, w.guard)]);
        return { term: boolToInt(free), deps: new Map([[r.id, TRUE]]) };
      }
      case 'isLocked': {
        const a = this.address(x.addr);
        if (this.b.herd) {
          const e = this.access('L', a, x.pos, 'spin_is_locked', this.b.operation('is-locked'));
          const held = boolVar(lockChoiceName(e.id));
          this.b.tag('RL', e.id, held);
          this.b.tag('RU', e.id, not(held));
          return constVal(boolToInt(held));
        }
        const r = this.access('R', a, x.pos, 'spin_is_locked', this.b.operation('is-locked'));
        this.use(r.value!);
        const held = neq(r.value!, int(0));
        this.b.tag('RL', r.id, held);
        this.b.tag('RU', r.id, not(held));
        return { term: boolToInt(held), deps: new Map([[r.id, TRUE]]) };
      }
      case 'srcuLock': {
        return this.read(x.addr, x.pos, 'srcu_read_lock', 'Srcu-lock', this.b.operation('srcu-lock')).val;
      }
    }
  }

  private binaryExpr(x: Extract<Expr, { kind: 'binary' }>): Val {
    if (x.op === '&&' || x.op === '||') {
      // Short circuit: the right operand's events happen only when it is evaluated.
      const l = this.expr(x.left);
      this.use(l.term);
      const lt_ = truthy(l.term);
      const saved = this.live;
      this.live = and(saved, x.op === '&&' ? lt_ : not(lt_));
      const r = this.live === FALSE ? constVal(int(0)) : this.expr(x.right);
      this.use(r.term);
      this.live = saved;
      const rt = truthy(r.term);
      const term = boolToInt(x.op === '&&' ? and(lt_, rt) : or(lt_, rt));
      return { term, deps: unionDeps(l.deps, r.deps) };
    }
    const l = this.expr(x.left);
    const r = this.expr(x.right);
    const deps = unionDeps(l.deps, r.deps);
    const a = l.term;
    const b = r.term;
    this.use(a, b);
    let term: IntTerm;
    switch (x.op) {
      case '==': term = boolToInt(eq(a, b)); break;
      case '!=': term = boolToInt(neq(a, b)); break;
      case '<': term = boolToInt(lt(a, b)); break;
      case '<=': term = boolToInt(le(a, b)); break;
      case '>': term = boolToInt(lt(b, a)); break;
      case '>=': term = boolToInt(le(b, a)); break;
      case '+': term = binary('add', a, b); break;
      case '-': term = binary('sub', a, b); break;
      case '*': term = binary('mul', a, b); break;
      case '/': term = binary('div', a, b); break;
      case '%': term = binary('mod', a, b); break;
      case '&': term = binary('band', a, b); break;
      case '|': term = binary('bor', a, b); break;
      case '^': term = binary('bxor', a, b); break;
      case '<<': term = binary('shl', a, b); break;
      case '>>': term = binary('shr', a, b); break;
    }
    return { term, deps };
  }

  private rmwExpr(x: Extract<Expr, { kind: 'rmw' }>): Val {
    const a = this.address(x.addr);
    const operand = this.expr(x.operand);
    const update = (old: IntTerm): Val => {
      let term: IntTerm;
      if (x.op !== 'xchg') this.use(old, operand.term);
      if (x.op === 'xchg') term = operand.term;
      else if (x.op === 'andnot') term = binary('band', old, bitNot(operand.term));
      else term = binary(RMW_ARITH[x.op], old, operand.term);
      return { term, deps: operand.deps };
    };
    const { r, w } = this.rmwPair(x, a, x.pos, rmwLabel(x.op, x.returns), 'rmw', x.tag, () => TRUE, update, x.herd);
    const readDep = new Map([[r.id, TRUE]]);
    switch (x.returns) {
      case 'old':
        return { term: r.value!, deps: readDep };
      case 'new':
        return { term: w!.value!, deps: unionDeps(readDep, operand.deps) };
      case 'none':
        return constVal(int(0));
    }
  }

  /**
   * The read and (conditional) write of an atomic RMW. Both carry the RMW tag
   * and the ordering tag; the write happens when `succeeds(old)` holds.
   */
  private rmwPair(
    node: Ordering,
    a: Val,
    pos: SourcePos,
    label: string,
    kind: 'rmw' | 'cmpxchg' | 'add-unless',
    tag: RmwTag,
    succeeds: (old: IntTerm) => BoolTerm,
    update: (old: IntTerm) => Val,
    herd?: HerdOrigin,
  ): { r: MemEvent; w: MemEvent | undefined; succeeded: BoolTerm } {
    const choices = this.choices(node, tag);
    const op = this.b.choiceOperation(kind, choices);
    const r = this.access('R', a, pos, label, op);
    const ok = succeeds(r.value!);
    const v = update(r.value!);
    const saved = this.live;
    this.live = and(saved, ok);
    const w = this.live === FALSE ? undefined : this.access('W', a, pos, label, op, v.term);
    this.live = saved;
    for (const e of w ? [r, w] : [r]) {
      if (node.barrier) e.barrier = node.barrier;
      this.b.tag('RMW', e.id);
      if (this.b.herd) this.b.annotate(e, herd);
      else this.tagAccess(e, choices);
    }
    // A failed RMW is a lone marked read (herd7 gives it READ_ONCE's tag);
    // the bell strips its ordering annotations (FailedRMW). herd's own
    // files see the failed read with the RMW's annotation, as herd makes it.
    if (!this.b.herd) this.b.tag('Once', r.id, not(ok));
    if (w) {
      this.depEdges(this.b.data, v.deps, w);
      this.b.rmw.push([r.id, w.id, and(r.guard, w.guard)]);
    }
    return { r, w, succeeded: ok };
  }
}

/** Whether evaluating an expression has no effect but reading memory (an await loop's condition). */
function readsOnly(x: Expr): boolean {
  switch (x.kind) {
    case 'const':
    case 'addr':
    case 'reg':
      return true;
    case 'load':
      return readsOnly(x.addr);
    case 'unary':
      return readsOnly(x.arg);
    case 'binary':
      return readsOnly(x.left) && readsOnly(x.right);
    default:
      return false;
  }
}

function describeLoad(tag: string): string {
  return tag === 'acquire' ? 'smp_load_acquire' : tag === 'plain' ? 'plain read' : 'READ_ONCE';
}
function describeStore(tag: string): string {
  return tag === 'release' ? 'smp_store_release' : tag === 'plain' ? 'plain write' : 'WRITE_ONCE';
}
function rmwLabel(op: RmwOp, returns: string): string {
  if (op === 'xchg') return 'xchg';
  return returns === 'none' ? `atomic_${op}` : returns === 'new' ? `atomic_${op}_return` : `atomic_fetch_${op}`;
}

/** Static program order: every ordered pair (by poIndex) of a thread's events that can both happen. */
export function programOrder(events: MemEvent[]): Edge[] {
  const byThread = new Map<number, MemEvent[]>();
  for (const e of events) {
    if (e.thread < 0 || e.guard === FALSE) continue;
    let l = byThread.get(e.thread);
    if (!l) byThread.set(e.thread, (l = []));
    l.push(e);
  }
  const po: Edge[] = [];
  for (const l of byThread.values()) {
    l.sort((a, b) => a.poIndex - b.poIndex);
    for (let i = 0; i < l.length; i++) {
      for (let j = i + 1; j < l.length; j++) {
        const c = and(l[i]!.guard, l[j]!.guard);
        if (c !== FALSE) po.push([l[i]!.id, l[j]!.id, c]);
      }
    }
  }
  return po;
}

export function buildEventGraph(program: Program, opts: BuildOptions): EventGraph {
  const b = new GraphBuilder(program, opts.herd);
  b.addInitWrites();
  const finalRegs = new Map<number, Map<string, IntTerm>>();
  for (const t of program.threads) finalRegs.set(t.id, new ThreadExecutor(b, t, opts).run());
  return {
    events: b.events,
    threads: program.threads.length,
    locations: b.locations,
    tags: b.tags,
    po: programOrder(b.events),
    addr: b.addr,
    data: b.data,
    ctrl: b.ctrl,
    rmw: b.rmw,
    finalRegs,
    assumptions: b.assumptions,
    badPointers: b.badPointers,
    cuts: b.cuts,
    valueUses: b.valueUses,
    herd: b.herd,
  };
}
