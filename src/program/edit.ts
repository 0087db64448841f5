// Program edits by barrier id: the IR -> IR functions behind scenario
// variants ("drop gup.pin", "weaken ksm.flush to smp_wmb"). Barriers, their
// classes, kinds and ids are those of src/program/barriers.ts; an edit
// applies to every IR node carrying the id (an inlined function contributes
// one node per call, an RCU read-side section its lock and unlock). Edits
// are pure: they return a new Program and leave theirs alone.

import { Naming } from './naming.js';
import { barriersOf, findBarrier, parseKind, type Barrier } from './barriers.js';
import type { Expr, FenceKind, LoadTag, Program, RmwTag, SourcePos, Stmt, StoreTag } from './ir.js';

export type ProgramEdit =
  /** Fences and RCU read-side sections go; ordered accesses and RMWs become relaxed (`once`). */
  | { kind: 'drop'; barrier: string; pos: SourcePos }
  /** Another kind of the barrier's class, as a user writes it: `smp_wmb`, `wmb`, `once`, `relaxed`, `plain`, `release`. */
  | { kind: 'weaken'; barrier: string; to: string; pos: SourcePos };

/** The kind `drop` gives a barrier of each class. */
function droppedKind(b: Barrier): string {
  return b.class === 'fence' || b.class === 'rcu-section' ? 'none' : 'once';
}

function rewriteExpr(e: Expr, id: string, kind: string): Expr {
  const sub = (x: Expr) => rewriteExpr(x, id, kind);
  let out: Expr;
  switch (e.kind) {
    case 'const':
    case 'addr':
    case 'reg':
      return e;
    case 'unary':
      return { ...e, arg: sub(e.arg) };
    case 'binary':
      return { ...e, left: sub(e.left), right: sub(e.right) };
    case 'trylock':
    case 'isLocked':
    case 'srcuLock':
      return { ...e, addr: sub(e.addr) };
    case 'load':
      out = { ...e, addr: sub(e.addr) };
      if (e.barrier === id) out = { ...out, tag: kind as LoadTag } as Expr;
      return out;
    case 'rmw':
      out = { ...e, addr: sub(e.addr), operand: sub(e.operand) };
      break;
    case 'cmpxchg':
      out = { ...e, addr: sub(e.addr), expected: sub(e.expected), desired: sub(e.desired) };
      break;
    case 'addUnless':
      out = { ...e, addr: sub(e.addr), add: sub(e.add), unless: sub(e.unless) };
      break;
  }
  return e.barrier === id ? ({ ...out, tag: kind as RmwTag } as Expr) : out;
}

function rewriteStmts(stmts: Stmt[], id: string, kind: string): Stmt[] {
  return stmts.flatMap((s) => rewriteStmt(s, id, kind));
}

function rewriteStmt(s: Stmt, id: string, kind: string): Stmt[] {
  const e = (x: Expr) => rewriteExpr(x, id, kind);
  switch (s.kind) {
    case 'assign':
    case 'eval':
      return [{ ...s, value: e(s.value) }];
    case 'store':
      return [{ ...s, addr: e(s.addr), value: e(s.value), ...(s.barrier === id ? { tag: kind as StoreTag } : {}) }];
    case 'fence':
      if (s.barrier !== id) return [s];
      if (kind === 'none') return [];
      // An RCU read-side section keeps its markers; any other fence becomes the new kind.
      return kind === 'rcu-section' ? [s] : [{ ...s, fence: kind as FenceKind }];
    case 'lock':
    case 'unlock':
    case 'syncSrcu':
      return [{ ...s, addr: e(s.addr) }];
    case 'srcuUnlock':
      return [{ ...s, addr: e(s.addr), value: e(s.value) }];
    case 'if':
      return [{ ...s, cond: e(s.cond), then: rewriteStmts(s.then, id, kind), else: rewriteStmts(s.else, id, kind) }];
    case 'loop':
      return [{ ...s, cond: e(s.cond), body: rewriteStmts(s.body, id, kind), ...(s.step ? { step: rewriteStmts(s.step, id, kind) } : {}) }];
    case 'assume':
      return [{ ...s, cond: e(s.cond) }];
    default:
      return [s];
  }
}

/** The barrier `ref` (an id, or `P<thread>:<line>`) of a program, without touching it. */
export function barrierOf(p: Program, ref: string, pos: SourcePos): Barrier {
  return findBarrier(barriersOf(structuredClone(p)), ref, pos, Naming.of(p));
}

/** Gives barrier `ref` the kind `kind` of its class (`none` removes a fence or an RCU section). */
export function setBarrierKind(p: Program, ref: string, kind: string, pos: SourcePos): Program {
  const labelled = structuredClone(p);
  const b = findBarrier(barriersOf(labelled), ref, pos, Naming.of(labelled));
  return { ...labelled, threads: labelled.threads.map((t) => ({ ...t, body: rewriteStmts(t.body, b.id, kind) })) };
}

/** Removes barrier `ref`: fences and RCU read-side sections go, ordered accesses and RMWs become relaxed. */
export function dropBarrier(p: Program, ref: string, pos: SourcePos): Program {
  return setBarrierKind(p, ref, droppedKind(barrierOf(p, ref, pos)), pos);
}

/** Turns barrier `ref` into `to` (smp_mb -> smp_wmb, release -> once/plain), checked against its class. */
export function weakenBarrier(p: Program, ref: string, to: string, pos: SourcePos): Program {
  return setBarrierKind(p, ref, parseKind(barrierOf(p, ref, pos), to, pos), pos);
}

export function applyEdits(p: Program, edits: readonly ProgramEdit[]): Program {
  return edits.reduce((q, e) => (e.kind === 'drop' ? dropBarrier(q, e.barrier, e.pos) : weakenBarrier(q, e.barrier, e.to, e.pos)), p);
}

/** Whether an expression tests the lock at `location` (spin_trylock, spin_is_locked). */
function testsLock(e: Expr, location: string): boolean {
  switch (e.kind) {
    case 'trylock':
    case 'isLocked':
      return e.addr.kind === 'addr' && e.addr.name === location;
    case 'unary':
      return testsLock(e.arg, location);
    case 'binary':
      return testsLock(e.left, location) || testsLock(e.right, location);
    default:
      return false;
  }
}

/** `stmts` without the lock operations on `location`, or undefined when they test the lock. */
function withoutLock(stmts: Stmt[], location: string): Stmt[] | undefined {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if ((s.kind === 'lock' || s.kind === 'unlock') && s.addr.kind === 'addr' && s.addr.name === location) continue;
    if (s.kind === 'if') {
      const then = withoutLock(s.then, location);
      const otherwise = withoutLock(s.else, location);
      if (!then || !otherwise || testsLock(s.cond, location)) return undefined;
      out.push({ ...s, then, else: otherwise });
    } else if (s.kind === 'loop') {
      const body = withoutLock(s.body, location);
      const step = s.step ? withoutLock(s.step, location) : undefined;
      if (!body || (s.step && !step) || testsLock(s.cond, location)) return undefined;
      out.push({ ...s, body, ...(step ? { step } : {}) });
    } else {
      if ((s.kind === 'assign' || s.kind === 'eval' || s.kind === 'assume') && testsLock(s.kind === 'assume' ? s.cond : s.value, location)) return undefined;
      out.push(s);
    }
  }
  return out;
}

/**
 * The program with every spin_lock()/spin_unlock() of the lock at
 * `location` removed (its critical sections run unprotected), or undefined
 * when the program also tests that lock (spin_trylock, spin_is_locked).
 */
export function dropLock(p: Program, location: string): Program | undefined {
  const threads: Program['threads'] = [];
  for (const t of p.threads) {
    const body = withoutLock(t.body, location);
    if (!body) return undefined;
    threads.push({ ...t, body });
  }
  return { ...p, threads };
}

/** The locations a program takes locks on, in order of first use. */
export function lockLocations(p: Program): string[] {
  const out = new Set<string>();
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'lock' && s.addr.kind === 'addr') out.add(s.addr.name);
      else if (s.kind === 'if') {
        visit(s.then);
        visit(s.else);
      } else if (s.kind === 'loop') {
        visit(s.body);
        if (s.step) visit(s.step);
      }
    }
  };
  for (const t of p.threads) visit(t.body);
  return [...out];
}
