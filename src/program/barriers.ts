// The ordering primitives of a program ("barriers" for short): fences,
// acquire loads, release stores, RMWs with ordering, RCU read-side sections
// and grace periods. Each gets an id: its annotation (`// @barrier gup.pin`)
// or one made from its thread and primitive (`P1:smp_mb#1`, the first
// smp_mb() of P1). What-if queries name barriers by these ids (or by
// `P1:LINE`), and may turn each into another kind of the same class.

import { InputError } from './errors.js';
import type { Expr, FenceKind, Program, RmwTag, SourcePos, Stmt } from './ir.js';
import { Naming } from './naming.js';

/** What a barrier is: the class decides which kinds it may be turned into. */
export type BarrierClass = 'fence' | 'load' | 'store' | 'rmw' | 'rcu-section';

export interface Barrier {
  id: string;
  class: BarrierClass;
  /** Its kind now: a FenceKind for fences, a load/store/RMW tag, `rcu-section`. */
  kind: string;
  thread: number;
  pos: SourcePos;
  /** The primitive as written (smp_mb, xchg, rcu_read_lock ...). */
  primitive: string;
  /** A barrier that may be added (src/program/candidates.ts): as written, it is `kind` (`none` for a fence). */
  candidate?: boolean;
}

/**
 * Kinds a barrier of each class may take, strongest first, and the kernel
 * primitive that spells each (for messages and `--weaken ID=smp_wmb`).
 * `none` removes the barrier (or, for accesses, makes it READ_ONCE-like).
 */
export const KINDS: Record<BarrierClass, { kind: string; spelled: string; rank: number }[]> = {
  fence: [
    { kind: 'sync-rcu', spelled: 'synchronize_rcu', rank: 5 },
    { kind: 'mb', spelled: 'smp_mb', rank: 4 },
    { kind: 'before-atomic', spelled: 'smp_mb__before_atomic', rank: 4 },
    { kind: 'after-atomic', spelled: 'smp_mb__after_atomic', rank: 4 },
    { kind: 'after-spinlock', spelled: 'smp_mb__after_spinlock', rank: 4 },
    { kind: 'after-unlock-lock', spelled: 'smp_mb__after_unlock_lock', rank: 4 },
    { kind: 'after-srcu-read-unlock', spelled: 'smp_mb__after_srcu_read_unlock', rank: 4 },
    { kind: 'rmb', spelled: 'smp_rmb', rank: 2 },
    { kind: 'wmb', spelled: 'smp_wmb', rank: 2 },
    { kind: 'barrier', spelled: 'barrier', rank: 1 },
    { kind: 'none', spelled: 'nothing', rank: 0 },
  ],
  load: [
    { kind: 'acquire', spelled: 'smp_load_acquire', rank: 2 },
    { kind: 'once', spelled: 'READ_ONCE', rank: 1 },
    { kind: 'plain', spelled: 'a plain load', rank: 0 },
  ],
  store: [
    { kind: 'release', spelled: 'smp_store_release', rank: 2 },
    { kind: 'once', spelled: 'WRITE_ONCE', rank: 1 },
    { kind: 'plain', spelled: 'a plain store', rank: 0 },
  ],
  rmw: [
    { kind: 'mb', spelled: 'fully ordered', rank: 3 },
    { kind: 'acquire', spelled: '_acquire', rank: 2 },
    { kind: 'release', spelled: '_release', rank: 2 },
    { kind: 'once', spelled: '_relaxed', rank: 1 },
  ],
  'rcu-section': [
    { kind: 'rcu-section', spelled: 'rcu_read_lock()...rcu_read_unlock()', rank: 1 },
    { kind: 'none', spelled: 'no read-side section', rank: 0 },
  ],
};

/** The kinds strictly weaker than `kind` in its class, weakest first. */
export function weakerKinds(b: Pick<Barrier, 'class' | 'kind'>): string[] {
  const all = KINDS[b.class];
  const rank = all.find((k) => k.kind === b.kind)?.rank ?? 0;
  return all.filter((k) => k.rank < rank && k.rank > 0 && isSensibleWeakening(b, k.kind)).sort((a, c) => a.rank - c.rank).map((k) => k.kind);
}

/** smp_mb() may become smp_rmb/smp_wmb/barrier; the smp_mb__*() helpers and grace periods may become smp_mb. */
function isSensibleWeakening(b: Pick<Barrier, 'class' | 'kind'>, to: string): boolean {
  if (b.class !== 'fence') return true;
  if (b.kind === 'mb') return ['rmb', 'wmb', 'barrier'].includes(to);
  if (b.kind === 'sync-rcu') return to === 'mb';
  if (b.kind === 'rmb' || b.kind === 'wmb') return to === 'barrier';
  return to === 'barrier';
}

/** Reads a kind as a user writes it: `smp_wmb`, `wmb`, `release`, `relaxed`, `READ_ONCE`, `none`. */
export function parseKind(b: Pick<Barrier, 'class' | 'id'>, text: string, pos: SourcePos): string {
  const t = text.trim();
  const aliases: Record<string, string> = { relaxed: 'once', plain: 'plain', nothing: 'none', drop: 'none' };
  const kinds = KINDS[b.class];
  const found = kinds.find((k) => k.kind === t || k.spelled === t || k.spelled === `${t}()` || aliases[t] === k.kind);
  if (!found) {
    throw new InputError(pos, `'${t}' is not a kind for ${b.id} (a ${b.class}); one of: ${kinds.map((k) => k.kind).join(', ')}`);
  }
  return found.kind;
}

const ORDERING_RMW: ReadonlySet<RmwTag> = new Set(['mb', 'acquire', 'release']);

/** Whether an IR node is a barrier (ordering primitive) as it stands, or a candidate for one. */
function classOf(node: Stmt | Expr): BarrierClass | undefined {
  switch (node.kind) {
    case 'fence':
      return node.fence === 'rcu-lock' || node.fence === 'rcu-unlock' ? 'rcu-section' : 'fence';
    case 'load':
      return node.tag === 'acquire' || node.candidate ? 'load' : undefined;
    case 'store':
      return node.tag === 'release' || node.candidate ? 'store' : undefined;
    case 'rmw':
    case 'cmpxchg':
    case 'addUnless':
      return ORDERING_RMW.has(node.tag) ? 'rmw' : undefined;
    default:
      return undefined;
  }
}

function kindOf(node: Stmt | Expr): string {
  if (node.kind === 'fence' && node.candidate) return 'none';
  switch (node.kind) {
    case 'fence':
      return node.fence === 'rcu-lock' || node.fence === 'rcu-unlock' ? 'rcu-section' : node.fence;
    case 'load':
    case 'store':
    case 'rmw':
    case 'cmpxchg':
    case 'addUnless':
      return node.tag;
    default:
      return '';
  }
}

/** The kernel primitive each fence kind is written as. */
export const FENCE_NAMES: Record<FenceKind, string> = {
  mb: 'smp_mb',
  rmb: 'smp_rmb',
  wmb: 'smp_wmb',
  barrier: 'barrier',
  'before-atomic': 'smp_mb__before_atomic',
  'after-atomic': 'smp_mb__after_atomic',
  'after-spinlock': 'smp_mb__after_spinlock',
  'after-unlock-lock': 'smp_mb__after_unlock_lock',
  'after-srcu-read-unlock': 'smp_mb__after_srcu_read_unlock',
  'rcu-lock': 'rcu_read_lock',
  'rcu-unlock': 'rcu_read_unlock',
  'sync-rcu': 'synchronize_rcu',
};

function primitiveOf(node: Stmt | Expr): string {
  if ('primitive' in node && node.primitive) return node.primitive;
  if (node.kind === 'fence') return FENCE_NAMES[node.fence];
  if (node.kind === 'load') return node.tag === 'acquire' ? 'smp_load_acquire' : 'READ_ONCE';
  if (node.kind === 'store') return node.tag === 'release' ? 'smp_store_release' : 'WRITE_ONCE';
  return node.kind;
}

type OrderingNode = Extract<Stmt | Expr, { kind: 'fence' | 'load' | 'store' | 'rmw' | 'cmpxchg' | 'addUnless' }>;

/** Every IR node of a statement list in source order, expressions included. */
function* nodes(stmts: Stmt[]): Generator<Stmt | Expr> {
  for (const s of stmts) yield* stmtNodes(s);
}

function* stmtNodes(s: Stmt): Generator<Stmt | Expr> {
  yield s;
  switch (s.kind) {
    case 'assign':
    case 'eval':
      yield* exprNodes(s.value);
      return;
    case 'store':
      yield* exprNodes(s.addr);
      yield* exprNodes(s.value);
      return;
    case 'lock':
    case 'unlock':
    case 'syncSrcu':
      yield* exprNodes(s.addr);
      return;
    case 'srcuUnlock':
      yield* exprNodes(s.addr);
      yield* exprNodes(s.value);
      return;
    case 'if':
      yield* exprNodes(s.cond);
      yield* nodes(s.then);
      yield* nodes(s.else);
      return;
    case 'loop':
      yield* exprNodes(s.cond);
      yield* nodes(s.body);
      if (s.step) yield* nodes(s.step);
      return;
    case 'assume':
      yield* exprNodes(s.cond);
      return;
    default:
      return;
  }
}

function* exprNodes(e: Expr): Generator<Expr> {
  yield e;
  switch (e.kind) {
    case 'unary':
      yield* exprNodes(e.arg);
      return;
    case 'binary':
      yield* exprNodes(e.left);
      yield* exprNodes(e.right);
      return;
    case 'load':
    case 'trylock':
    case 'isLocked':
    case 'srcuLock':
      yield* exprNodes(e.addr);
      return;
    case 'rmw':
      yield* exprNodes(e.addr);
      yield* exprNodes(e.operand);
      return;
    case 'cmpxchg':
      yield* exprNodes(e.addr);
      yield* exprNodes(e.expected);
      yield* exprNodes(e.desired);
      return;
    case 'addUnless':
      yield* exprNodes(e.addr);
      yield* exprNodes(e.add);
      yield* exprNodes(e.unless);
      return;
    default:
      return;
  }
}

/**
 * Gives every barrier of the program an id (in place): annotated ones keep
 * theirs; others get `THREAD:<primitive>#<k>` (`P1:smp_rmb#1`, or in a spec
 * `ksm:smp_mb#1`: the thread as outputs name it). An rcu_read_unlock()
 * shares the id of the rcu_read_lock() it closes (in program text order).
 */
export function assignBarrierIds(program: Program): void {
  const naming = Naming.of(program);
  for (const t of program.threads) {
    const counts = new Map<string, number>();
    const openSections: OrderingNode[] = [];
    for (const node of nodes(t.body)) {
      const cls = classOf(node);
      if (!cls) continue;
      const n = node as OrderingNode;
      if (n.kind === 'fence' && n.fence === 'rcu-unlock') {
        const open = openSections.pop();
        if (open) {
          n.barrier ??= open.barrier;
          continue;
        }
      }
      if (!n.barrier) {
        const prim = primitiveOf(n);
        const k = (counts.get(prim) ?? 0) + 1;
        counts.set(prim, k);
        n.barrier = `${naming.thread(t.id)}:${prim}#${k}`;
      }
      if (n.kind === 'fence' && n.fence === 'rcu-lock') openSections.push(n);
    }
  }
}

/** The barriers of a program (ids assigned first), in thread and source order, one per id. */
export function barriersOf(program: Program): Barrier[] {
  assignBarrierIds(program);
  const out: Barrier[] = [];
  const seen = new Set<string>();
  for (const t of program.threads) {
    for (const node of nodes(t.body)) {
      const cls = classOf(node);
      if (!cls) continue;
      const n = node as OrderingNode;
      if (seen.has(n.barrier!)) continue;
      seen.add(n.barrier!);
      const b: Barrier = { id: n.barrier!, class: cls, kind: kindOf(n), thread: t.id, pos: n.pos, primitive: primitiveOf(n) };
      if (n.candidate) b.candidate = true;
      out.push(b);
    }
  }
  return out;
}

/** Finds a barrier by id, or by `THREAD:LINE` (`P1:14`, `ksm:26`: the barrier on that line). */
export function findBarrier(barriers: Barrier[], ref: string, pos: SourcePos, naming: Naming): Barrier {
  const byId = barriers.find((b) => b.id === ref);
  if (byId) return byId;
  const m = /^(.+):(\d+)$/.exec(ref);
  const thread = m ? naming.threadNamed(m[1]!) : undefined;
  if (m && thread !== undefined) {
    const onLine = barriers.filter((b) => b.thread === thread && b.pos.line === Number(m[2]));
    if (onLine.length === 1) return onLine[0]!;
    if (onLine.length > 1) throw new InputError(pos, `several barriers on ${ref}: ${onLine.map((b) => b.id).join(', ')}`);
  }
  throw new InputError(pos, `no barrier '${ref}' (known: ${barriers.map((b) => b.id).join(', ') || 'none'})`);
}
