// Kernel primitives of the C litmus dialect and how each becomes IR.
//
// One row per primitive, following the LKMM's linux-kernel.def. Argument
// order follows the kernel: `atomic_add(i, v)` takes the value first and
// the pointer second, `atomic_xchg(v, i)` the pointer first.
//
// How arguments denote memory:
//  - `lvalue`: the argument is written `*p` and the access is to the address
//    p (READ_ONCE(*x), WRITE_ONCE(*x, v), rcu_dereference(*p));
//  - `pointer`: the argument is the pointer itself (smp_load_acquire(x),
//    atomic_read(v), spin_lock(l)).

import type { Expr, FenceKind, LoadTag, RmwOp, RmwTag, SourcePos, Stmt, StoreTag } from './ir.js';
import { InputError } from './errors.js';

export type AccessArg = 'lvalue' | 'pointer';

/**
 * Argument layout of an atomic RMW: `value,pointer` (atomic_add(i, v)),
 * `pointer,value` (xchg(p, v)), or `pointer` with a constant operand
 * (atomic_inc(v) adds 1).
 */
export type RmwArgs = 'value,pointer' | 'pointer,value' | { pointerOnly: number };

export type Primitive =
  | { kind: 'fence'; fence: FenceKind }
  | { kind: 'load'; tag: LoadTag; arg: AccessArg }
  /** `fenceAfter`: smp_store_mb is a store followed by a full fence. */
  | { kind: 'store'; tag: StoreTag; arg: AccessArg; fenceAfter?: FenceKind }
  /** `testZero`: the result is compared with 0 (atomic_dec_and_test: `==`, atomic_add_negative: `<`). */
  | { kind: 'rmw'; op: RmwOp; returns: 'new' | 'old' | 'none'; tag: RmwTag; args: RmwArgs; testZero?: '==' | '<' }
  /** cmpxchg(p, old, new). */
  | { kind: 'cmpxchg'; tag: RmwTag }
  /** atomic_add_unless(v, a, u), or with fixed `a`/`u` (atomic_inc_not_zero(v)). */
  | { kind: 'addUnless'; tag: RmwTag; fixed?: { add: number; unless: number } }
  | { kind: 'lock' }
  | { kind: 'unlock' }
  | { kind: 'trylock' }
  | { kind: 'isLocked' }
  | { kind: 'srcuLock' }
  /** srcu_read_unlock(s, idx). */
  | { kind: 'srcuUnlock' }
  | { kind: 'syncSrcu' };

// Row builders, to keep the table one line per primitive.
const fence = (f: FenceKind): Primitive => ({ kind: 'fence', fence: f });
const load = (tag: LoadTag, arg: AccessArg): Primitive => ({ kind: 'load', tag, arg });
const store = (tag: StoreTag, arg: AccessArg, fenceAfter?: FenceKind): Primitive =>
  fenceAfter ? { kind: 'store', tag, arg, fenceAfter } : { kind: 'store', tag, arg };
/** Non-value-returning atomic: atomic_add(i, v), atomic_inc(v). */
const op = (o: RmwOp, args: RmwArgs): Primitive => ({ kind: 'rmw', op: o, returns: 'none', tag: 'noreturn', args });
/** atomic_*_return: returns the new value. */
const opReturn = (o: RmwOp, tag: RmwTag, args: RmwArgs): Primitive => ({ kind: 'rmw', op: o, returns: 'new', tag, args });
/** atomic_fetch_*: returns the old value. */
const fetchOp = (o: RmwOp, tag: RmwTag, args: RmwArgs): Primitive => ({ kind: 'rmw', op: o, returns: 'old', tag, args });
const xchg = (tag: RmwTag): Primitive => ({ kind: 'rmw', op: 'xchg', returns: 'old', tag, args: 'pointer,value' });
const cmpxchg = (tag: RmwTag): Primitive => ({ kind: 'cmpxchg', tag });
/** `atomic_*_and_test` / `atomic_add_negative*`: an RMW returning the new value, compared with 0. */
const testOp = (o: RmwOp, tag: RmwTag, args: RmwArgs, test: '==' | '<'): Primitive => ({
  kind: 'rmw', op: o, returns: 'new', tag, args, testZero: test,
});
const ONE: RmwArgs = { pointerOnly: 1 };
const VP: RmwArgs = 'value,pointer';

export const PRIMITIVES: Readonly<Record<string, Primitive>> = {
  // Plain-ish accesses.
  READ_ONCE: load('once', 'lvalue'),
  WRITE_ONCE: store('once', 'lvalue'),
  smp_load_acquire: load('acquire', 'pointer'),
  smp_store_release: store('release', 'pointer'),
  rcu_dereference: load('once', 'lvalue'),
  rcu_assign_pointer: store('release', 'lvalue'),
  smp_store_mb: store('once', 'lvalue', 'mb'),
  atomic_read: load('once', 'pointer'),
  atomic_set: store('once', 'pointer'),
  atomic_read_acquire: load('acquire', 'pointer'),
  atomic_set_release: store('release', 'pointer'),

  // Fences.
  smp_mb: fence('mb'),
  smp_rmb: fence('rmb'),
  smp_wmb: fence('wmb'),
  barrier: fence('barrier'),
  smp_mb__before_atomic: fence('before-atomic'),
  smp_mb__after_atomic: fence('after-atomic'),
  smp_mb__after_spinlock: fence('after-spinlock'),
  smp_mb__after_unlock_lock: fence('after-unlock-lock'),
  smp_mb__after_srcu_read_unlock: fence('after-srcu-read-unlock'),
  rcu_read_lock: fence('rcu-lock'),
  rcu_read_unlock: fence('rcu-unlock'),
  synchronize_rcu: fence('sync-rcu'),
  synchronize_rcu_expedited: fence('sync-rcu'),

  // Spinlocks.
  spin_lock: { kind: 'lock' },
  spin_unlock: { kind: 'unlock' },
  spin_trylock: { kind: 'trylock' },
  spin_is_locked: { kind: 'isLocked' },

  // SRCU (srcu_down_read/srcu_up_read are the same events in linux-kernel.def).
  srcu_read_lock: { kind: 'srcuLock' },
  srcu_read_unlock: { kind: 'srcuUnlock' },
  srcu_down_read: { kind: 'srcuLock' },
  srcu_up_read: { kind: 'srcuUnlock' },
  synchronize_srcu: { kind: 'syncSrcu' },
  synchronize_srcu_expedited: { kind: 'syncSrcu' },

  // Non-value-returning atomics.
  atomic_add: op('add', VP),
  atomic_sub: op('sub', VP),
  atomic_and: op('and', VP),
  atomic_or: op('or', VP),
  atomic_xor: op('xor', VP),
  atomic_andnot: op('andnot', VP),
  atomic_inc: op('add', ONE),
  atomic_dec: op('sub', ONE),

  // Atomics returning the new value.
  atomic_add_return: opReturn('add', 'mb', VP),
  atomic_add_return_relaxed: opReturn('add', 'once', VP),
  atomic_add_return_acquire: opReturn('add', 'acquire', VP),
  atomic_add_return_release: opReturn('add', 'release', VP),
  atomic_sub_return: opReturn('sub', 'mb', VP),
  atomic_sub_return_relaxed: opReturn('sub', 'once', VP),
  atomic_sub_return_acquire: opReturn('sub', 'acquire', VP),
  atomic_sub_return_release: opReturn('sub', 'release', VP),
  atomic_inc_return: opReturn('add', 'mb', ONE),
  atomic_inc_return_relaxed: opReturn('add', 'once', ONE),
  atomic_inc_return_acquire: opReturn('add', 'acquire', ONE),
  atomic_inc_return_release: opReturn('add', 'release', ONE),
  atomic_dec_return: opReturn('sub', 'mb', ONE),
  atomic_dec_return_relaxed: opReturn('sub', 'once', ONE),
  atomic_dec_return_acquire: opReturn('sub', 'acquire', ONE),
  atomic_dec_return_release: opReturn('sub', 'release', ONE),

  // Atomics returning the old value.
  atomic_fetch_add: fetchOp('add', 'mb', VP),
  atomic_fetch_add_relaxed: fetchOp('add', 'once', VP),
  atomic_fetch_add_acquire: fetchOp('add', 'acquire', VP),
  atomic_fetch_add_release: fetchOp('add', 'release', VP),
  atomic_fetch_sub: fetchOp('sub', 'mb', VP),
  atomic_fetch_sub_relaxed: fetchOp('sub', 'once', VP),
  atomic_fetch_sub_acquire: fetchOp('sub', 'acquire', VP),
  atomic_fetch_sub_release: fetchOp('sub', 'release', VP),
  atomic_fetch_inc: fetchOp('add', 'mb', ONE),
  atomic_fetch_inc_relaxed: fetchOp('add', 'once', ONE),
  atomic_fetch_inc_acquire: fetchOp('add', 'acquire', ONE),
  atomic_fetch_inc_release: fetchOp('add', 'release', ONE),
  atomic_fetch_dec: fetchOp('sub', 'mb', ONE),
  atomic_fetch_dec_relaxed: fetchOp('sub', 'once', ONE),
  atomic_fetch_dec_acquire: fetchOp('sub', 'acquire', ONE),
  atomic_fetch_dec_release: fetchOp('sub', 'release', ONE),
  atomic_fetch_and: fetchOp('and', 'mb', VP),
  atomic_fetch_and_relaxed: fetchOp('and', 'once', VP),
  atomic_fetch_and_acquire: fetchOp('and', 'acquire', VP),
  atomic_fetch_and_release: fetchOp('and', 'release', VP),
  atomic_fetch_or: fetchOp('or', 'mb', VP),
  atomic_fetch_or_relaxed: fetchOp('or', 'once', VP),
  atomic_fetch_or_acquire: fetchOp('or', 'acquire', VP),
  atomic_fetch_or_release: fetchOp('or', 'release', VP),
  atomic_fetch_xor: fetchOp('xor', 'mb', VP),
  atomic_fetch_xor_relaxed: fetchOp('xor', 'once', VP),
  atomic_fetch_xor_acquire: fetchOp('xor', 'acquire', VP),
  atomic_fetch_xor_release: fetchOp('xor', 'release', VP),
  atomic_fetch_andnot: fetchOp('andnot', 'mb', VP),
  atomic_fetch_andnot_relaxed: fetchOp('andnot', 'once', VP),
  atomic_fetch_andnot_acquire: fetchOp('andnot', 'acquire', VP),
  atomic_fetch_andnot_release: fetchOp('andnot', 'release', VP),

  // Exchange.
  xchg: xchg('mb'),
  xchg_relaxed: xchg('once'),
  xchg_acquire: xchg('acquire'),
  xchg_release: xchg('release'),
  atomic_xchg: xchg('mb'),
  atomic_xchg_relaxed: xchg('once'),
  atomic_xchg_acquire: xchg('acquire'),
  atomic_xchg_release: xchg('release'),
  cmpxchg: cmpxchg('mb'),
  cmpxchg_relaxed: cmpxchg('once'),
  cmpxchg_acquire: cmpxchg('acquire'),
  cmpxchg_release: cmpxchg('release'),
  atomic_cmpxchg: cmpxchg('mb'),
  atomic_cmpxchg_relaxed: cmpxchg('once'),
  atomic_cmpxchg_acquire: cmpxchg('acquire'),
  atomic_cmpxchg_release: cmpxchg('release'),

  // Conditional atomics.
  atomic_add_unless: { kind: 'addUnless', tag: 'mb' },
  atomic_inc_not_zero: { kind: 'addUnless', tag: 'mb', fixed: { add: 1, unless: 0 } },
  atomic_sub_and_test: testOp('sub', 'mb', VP, '=='),
  atomic_dec_and_test: testOp('sub', 'mb', ONE, '=='),
  atomic_inc_and_test: testOp('add', 'mb', ONE, '=='),
  atomic_add_negative: testOp('add', 'mb', VP, '<'),
  atomic_add_negative_relaxed: testOp('add', 'once', VP, '<'),
  atomic_add_negative_acquire: testOp('add', 'acquire', VP, '<'),
  atomic_add_negative_release: testOp('add', 'release', VP, '<'),
};

export function lookupPrimitive(name: string): Primitive | undefined {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, name) ? PRIMITIVES[name] : undefined;
}

/** Number of arguments a primitive takes. */
export function arityOf(p: Primitive): number {
  switch (p.kind) {
    case 'fence':
      return 0;
    case 'load':
    case 'lock':
    case 'unlock':
    case 'trylock':
    case 'isLocked':
    case 'srcuLock':
    case 'syncSrcu':
      return 1;
    case 'store':
    case 'srcuUnlock':
      return 2;
    case 'rmw':
      return typeof p.args === 'object' ? 1 : 2;
    case 'cmpxchg':
      return 3;
    case 'addUnless':
      return p.fixed ? 1 : 3;
  }
}

/** Whether a call yields a value (and so may appear inside an expression). */
export function returnsValue(p: Primitive): boolean {
  switch (p.kind) {
    case 'load':
    case 'cmpxchg':
    case 'addUnless':
    case 'trylock':
    case 'isLocked':
    case 'srcuLock':
      return true;
    case 'rmw':
      return p.returns !== 'none';
    default:
      return false;
  }
}

/**
 * What a primitive call becomes: an expression (READ_ONCE, atomic_inc_return)
 * or statements (WRITE_ONCE, smp_mb, spin_lock; atomic_inc becomes an `eval`).
 */
export type Expansion = { kind: 'expr'; expr: Expr } | { kind: 'stmts'; stmts: Stmt[] };

/**
 * Builds the IR of a call `name(args...)` at `pos`. `args` are the parsed
 * arguments (their count already checked against arityOf). `lvalues` says how
 * a front end passes an `lvalue` argument: C writes `READ_ONCE(*x)` (`'deref'`,
 * the argument is a plain load through x); the TypeScript kernel library
 * passes the cell itself, `READ_ONCE(x)` (`'address'`).
 */
export function expandPrimitive(
  name: string,
  p: Primitive,
  args: Expr[],
  pos: SourcePos,
  lvalues: 'deref' | 'address' = 'deref',
): Expansion {
  const arg = (i: number): Expr => args[i]!;
  /** The address an access argument denotes. */
  const address = (i: number, how: AccessArg): Expr => {
    const a = arg(i);
    if (how === 'pointer' || lvalues === 'address') return a;
    // `*p` was parsed as a plain load from p: the access is to p.
    if (a.kind === 'load' && a.tag === 'plain') return a.addr;
    throw new InputError(a.pos, `'${name}' expects an argument of the form '*p'`);
  };
  const constant = (value: number): Expr => ({ kind: 'const', value, pos });
  const expr = (e: Expr): Expansion => ({ kind: 'expr', expr: e });
  const stmt = (s: Stmt): Expansion => ({ kind: 'stmts', stmts: [s] });

  switch (p.kind) {
    case 'fence':
      return stmt({ kind: 'fence', fence: p.fence, pos, primitive: name });
    case 'load':
      return expr({ kind: 'load', addr: address(0, p.arg), tag: p.tag, pos, primitive: name });
    case 'store': {
      const stmts: Stmt[] = [{ kind: 'store', addr: address(0, p.arg), value: arg(1), tag: p.tag, pos, primitive: name }];
      if (p.fenceAfter) stmts.push({ kind: 'fence', fence: p.fenceAfter, pos, primitive: name });
      return { kind: 'stmts', stmts };
    }
    case 'rmw': {
      let addr: Expr;
      let operand: Expr;
      if (p.args === 'value,pointer') [operand, addr] = [arg(0), arg(1)];
      else if (p.args === 'pointer,value') [addr, operand] = [arg(0), arg(1)];
      else [addr, operand] = [arg(0), constant(p.args.pointerOnly)];
      const rmw: Expr = { kind: 'rmw', op: p.op, addr, operand, returns: p.returns, tag: p.tag, pos, primitive: name };
      if (p.testZero) return expr({ kind: 'binary', op: p.testZero, left: rmw, right: constant(0), pos });
      if (p.returns === 'none') return stmt({ kind: 'eval', value: rmw, pos });
      return expr(rmw);
    }
    case 'cmpxchg':
      return expr({ kind: 'cmpxchg', addr: arg(0), expected: arg(1), desired: arg(2), tag: p.tag, pos, primitive: name });
    case 'addUnless': {
      const add = p.fixed ? constant(p.fixed.add) : arg(1);
      const unless = p.fixed ? constant(p.fixed.unless) : arg(2);
      return expr({ kind: 'addUnless', addr: arg(0), add, unless, tag: p.tag, pos, primitive: name });
    }
    case 'lock':
      return stmt({ kind: 'lock', addr: arg(0), pos });
    case 'unlock':
      return stmt({ kind: 'unlock', addr: arg(0), pos });
    case 'trylock':
      return expr({ kind: 'trylock', addr: arg(0), pos });
    case 'isLocked':
      return expr({ kind: 'isLocked', addr: arg(0), pos });
    case 'srcuLock':
      return expr({ kind: 'srcuLock', addr: arg(0), pos });
    case 'srcuUnlock':
      return stmt({ kind: 'srcuUnlock', addr: arg(0), value: arg(1), pos });
    case 'syncSrcu':
      return stmt({ kind: 'syncSrcu', addr: arg(0), pos });
  }
}
