// Program IR: what both front ends (C litmus files, TypeScript scenarios)
// produce, and what src/events/ unrolls into guarded events.
//
// The IR speaks of memory accesses by their LKMM annotation, not by kernel
// primitive name: the front end maps `smp_load_acquire(x)` to a load tagged
// `acquire`, `atomic_inc(v)` to a non-returning RMW, and so on.

/** Where a construct comes from, for error messages and witnesses. */
export interface SourcePos {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

/** Access annotations of LKMM (linux-kernel.bell's `Accesses` enum), plus plain C accesses. */
export type LoadTag = 'once' | 'acquire' | 'plain';
export type StoreTag = 'once' | 'release' | 'plain';
/** `noreturn` is a non-value-returning atomic (atomic_inc); `mb` a fully ordered one. */
export type RmwTag = 'once' | 'acquire' | 'release' | 'mb' | 'noreturn';

/** Fence kinds (linux-kernel.bell's `Barriers` enum). */
export type FenceKind =
  | 'mb'
  | 'rmb'
  | 'wmb'
  | 'barrier'
  | 'before-atomic'
  | 'after-atomic'
  | 'after-spinlock'
  | 'after-unlock-lock'
  | 'after-srcu-read-unlock'
  | 'rcu-lock'
  | 'rcu-unlock'
  | 'sync-rcu';

/**
 * Where an access, fence or lock operation comes from under herd's own
 * kernel primitives (a `.def` file, see src/litmus/def.ts): the builtin's
 * annotations as written (`__load{ONCE}` → ['ONCE']) and the macro the test
 * called. When present, the event builder's herd flavour tags the events
 * with these annotations; the node's memorder `tag` is then only the nearest
 * memorder annotation (used for labels), not a second source of meaning.
 */
export interface HerdOrigin {
  annot: readonly string[];
  macro: string;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '&' | '|' | '^' | '<<' | '>>'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '&&' | '||';
export type UnaryOp = '-' | '!' | '~';

/** The arithmetic of an atomic RMW: new = old OP operand (`xchg` stores the operand). */
export type RmwOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'andnot' | 'xchg';

/**
 * Expressions. Memory reads may appear inside expressions (`if (*z == 1)`,
 * `r = atomic_inc_return(v) + 1`); they are evaluated left to right, each
 * producing its events in program order.
 */
export type Expr =
  | { kind: 'const'; value: number; pos: SourcePos }
  /** The address of a shared location (`&x`, or a pointer parameter `x` used as a value). */
  | { kind: 'addr'; name: string; pos: SourcePos }
  | { kind: 'reg'; name: string; pos: SourcePos }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: SourcePos }
  /** A load from the address `addr` evaluates to. */
  | { kind: 'load'; addr: Expr; tag: LoadTag; pos: SourcePos; herd?: HerdOrigin }
  /**
   * Atomic read-modify-write. `returns`: `new` value (atomic_inc_return),
   * `old` value (atomic_fetch_inc, xchg), or nothing useful (atomic_inc: 0).
   */
  | { kind: 'rmw'; op: RmwOp; addr: Expr; operand: Expr; returns: 'new' | 'old' | 'none'; tag: RmwTag; pos: SourcePos; herd?: HerdOrigin }
  /** cmpxchg: returns the old value; writes `desired` only when old == expected. */
  | { kind: 'cmpxchg'; addr: Expr; expected: Expr; desired: Expr; tag: RmwTag; pos: SourcePos; herd?: HerdOrigin }
  /** atomic_add_unless(v, a, u): adds `add` unless the old value is `unless`; returns 1 if it added. */
  | { kind: 'addUnless'; addr: Expr; add: Expr; unless: Expr; tag: RmwTag; pos: SourcePos; herd?: HerdOrigin }
  /** spin_trylock: returns 1 and takes the lock, or returns 0 (a failed attempt reads the lock only). */
  | { kind: 'trylock'; addr: Expr; pos: SourcePos; herd?: HerdOrigin }
  /** spin_is_locked: returns 1 when the lock is held. */
  | { kind: 'isLocked'; addr: Expr; pos: SourcePos; herd?: HerdOrigin }
  /** srcu_read_lock(s): a read of the srcu struct returning the index passed to srcu_read_unlock. */
  | { kind: 'srcuLock'; addr: Expr; pos: SourcePos };

export type Stmt =
  /** `r = e;` (also `int r = e;`). */
  | { kind: 'assign'; reg: string; value: Expr; pos: SourcePos }
  /** An expression evaluated for its effects: `atomic_inc(v);`, `(void)cmpxchg(...)`. */
  | { kind: 'eval'; value: Expr; pos: SourcePos }
  | { kind: 'store'; addr: Expr; value: Expr; tag: StoreTag; pos: SourcePos; herd?: HerdOrigin }
  | { kind: 'fence'; fence: FenceKind; pos: SourcePos; herd?: HerdOrigin }
  | { kind: 'lock'; addr: Expr; pos: SourcePos; herd?: HerdOrigin }
  | { kind: 'unlock'; addr: Expr; pos: SourcePos; herd?: HerdOrigin }
  /** srcu_read_unlock(s, idx): a write of `value` (the index) to the srcu struct. */
  | { kind: 'srcuUnlock'; addr: Expr; value: Expr; pos: SourcePos }
  | { kind: 'syncSrcu'; addr: Expr; pos: SourcePos; herd?: HerdOrigin }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else: Stmt[]; pos: SourcePos }
  /**
   * A bounded loop: `while (cond) body`, executed at most `--unroll` times by
   * the unroller. `doWhile` runs the body before the first test; `step` (a
   * `for` loop's increment) runs after the body and after a `continue`. A
   * loop with an empty body whose condition only reads memory is an
   * await-style spin loop: it is modelled as one read of the condition that
   * lets it exit (an assumption), not unrolled.
   */
  | { kind: 'loop'; cond: Expr; body: Stmt[]; doWhile: boolean; step?: Stmt[]; pos: SourcePos }
  /** `break` out of the innermost loop. */
  | { kind: 'break'; pos: SourcePos }
  /** `continue` with the innermost loop's next iteration. */
  | { kind: 'continue'; pos: SourcePos }
  /**
   * A forward `goto`: control continues at the `label` of that name later in
   * an enclosing block. Backward gotos (retry loops) are turned into loops by
   * src/program/gotos.ts before the IR reaches the event builder.
   */
  | { kind: 'goto'; label: string; pos: SourcePos }
  | { kind: 'label'; name: string; pos: SourcePos }
  /** Stop this thread here: later statements do not run (`return;`). */
  | { kind: 'return'; pos: SourcePos }
  /** Executions in which `cond` is false are discarded (await-style spin loops). */
  | { kind: 'assume'; cond: Expr; pos: SourcePos };

/** C types of shared locations, as far as the model cares. */
export type LocationType = 'int' | 'pointer' | 'atomic_t' | 'spinlock_t' | 'srcu_struct';

export interface Location {
  name: string;
  type: LocationType;
  /** Initial value: an integer or the address of another location. */
  init: { kind: 'const'; value: number } | { kind: 'addr'; name: string };
  pos: SourcePos;
}

export interface Thread {
  /** 0 for P0, 1 for P1, ... */
  id: number;
  name: string;
  /** Parameter name -> shared location it denotes (`P0(int *x)` binds x to location x). */
  params: { name: string; type: LocationType; pos: SourcePos }[];
  body: Stmt[];
  /** Initial register values from the init block (`0:r1=2;`); other registers start at 0. */
  initRegs: { reg: string; value: Location['init'] }[];
  pos: SourcePos;
}

/** Something a condition or `locations` clause can observe at the end. */
export type Observable =
  | { kind: 'reg'; thread: number; reg: string }
  | { kind: 'mem'; name: string };

/** A value in a condition: an integer, or the address of a location (`1:r2=x0`). */
export type CondValue = { kind: 'const'; value: number } | { kind: 'addr'; name: string };

export type Prop =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'eq'; left: Observable; right: CondValue | Observable; pos: SourcePos }
  | { kind: 'not'; arg: Prop }
  | { kind: 'and'; args: Prop[] }
  | { kind: 'or'; args: Prop[] }
  | { kind: 'implies'; left: Prop; right: Prop };

export type Quantifier = 'exists' | 'not-exists' | 'forall';

export interface Program {
  file: string;
  name: string;
  locations: Location[];
  threads: Thread[];
  /** Absent when a test has no final condition (only `locations`). */
  condition?: { quantifier: Quantifier; prop: Prop; pos: SourcePos };
  filter?: Prop;
  /** Extra observables from the `locations [...]` clause. */
  observed: Observable[];
  /** The .def file whose macros the test's primitives were expanded through (herd's own primitives), if any. */
  macros?: string;
}

/** The name used in witnesses, JSON and herd-style output: `0:r1` or `x`. */
export function observableName(o: Observable): string {
  return o.kind === 'reg' ? `${o.thread}:${o.reg}` : o.name;
}

/** Every observable of a test in herd's order: registers by thread, then locations, each once. */
export function observablesOf(p: Program): Observable[] {
  const seen = new Map<string, Observable>();
  const add = (o: Observable) => seen.set(observableName(o), o);
  const walk = (q: Prop): void => {
    switch (q.kind) {
      case 'eq':
        add(q.left);
        if (q.right.kind === 'reg' || q.right.kind === 'mem') add(q.right);
        return;
      case 'not':
        return walk(q.arg);
      case 'and':
      case 'or':
        return q.args.forEach(walk);
      case 'implies':
        walk(q.left);
        return walk(q.right);
      default:
        return;
    }
  };
  p.observed.forEach(add);
  if (p.condition) walk(p.condition.prop);
  const all = [...seen.values()];
  const regs = all
    .filter((o): o is Extract<Observable, { kind: 'reg' }> => o.kind === 'reg')
    .sort((a, b) => a.thread - b.thread || a.reg.localeCompare(b.reg));
  const mems = all
    .filter((o): o is Extract<Observable, { kind: 'mem' }> => o.kind === 'mem')
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...regs, ...mems];
}
