// Program edits by barrier id: the IR -> IR functions behind scenario
// variants ("drop gup.pin", "weaken ksm.clear to smp_wmb") and what-if
// queries. Every ordering primitive may carry a `barrier` id (its
// `@barrier` annotation, or an id a front end generated); an edit applies to
// every site with that id (an inlined function contributes one site per
// call). Edits are pure: they return a new Program and leave theirs alone.

import type { Expr, FenceKind, LoadTag, Program, RmwTag, SourcePos, Stmt, StoreTag } from './ir.js';
import { InputError } from './errors.js';
import { lookupPrimitive } from '../litmus/primitives.js';

/** What an ordering primitive can be weakened to: another fence, or another access annotation. */
export type Strength = { kind: 'fence'; fence: FenceKind } | { kind: 'access'; tag: 'once' | 'plain' | 'acquire' | 'release' | 'mb' };

export type ProgramEdit =
  | { kind: 'drop'; barrier: string; pos: SourcePos }
  | { kind: 'weaken'; barrier: string; to: Strength; pos: SourcePos };

/** One ordering primitive of a program that has a barrier id. */
export interface BarrierSite {
  barrier: string;
  thread: number;
  /** The IR construct: a fence, an access or RMW, a lock operation. */
  construct: 'fence' | 'load' | 'store' | 'rmw' | 'cmpxchg' | 'addUnless' | 'trylock' | 'lock' | 'unlock';
  /** The fence kind or access annotation. */
  ordering: string;
  pos: SourcePos;
}

const FENCE_KINDS: readonly FenceKind[] = [
  'mb', 'rmb', 'wmb', 'barrier', 'before-atomic', 'after-atomic', 'after-spinlock',
  'after-unlock-lock', 'after-srcu-read-unlock', 'rcu-lock', 'rcu-unlock', 'sync-rcu',
];

/**
 * Reads a strength as a user writes it: a fence primitive (`smp_wmb`), an IR
 * fence kind (`wmb`), or an access annotation (`once`, `relaxed`, `plain`,
 * `acquire`, `release`, `mb`).
 */
export function parseStrength(text: string, pos: SourcePos): Strength {
  const primitive = lookupPrimitive(text);
  if (primitive?.kind === 'fence') return { kind: 'fence', fence: primitive.fence };
  if ((FENCE_KINDS as readonly string[]).includes(text)) return { kind: 'fence', fence: text as FenceKind };
  if (text === 'relaxed') return { kind: 'access', tag: 'once' };
  if (['once', 'plain', 'acquire', 'release', 'mb'].includes(text)) {
    return { kind: 'access', tag: text as 'once' | 'plain' | 'acquire' | 'release' | 'mb' };
  }
  throw new InputError(
    pos,
    `unknown barrier strength '${text}' (expected a fence such as smp_wmb, or once, relaxed, plain, acquire, release, mb)`,
  );
}

// ---------------------------------------------------------------------------
// Walking the IR

interface Rewriter {
  /** Returns the statements replacing `s` (already rewritten inside), or undefined to keep it. */
  stmt?: (s: Stmt, thread: number) => Stmt[] | undefined;
  /** Returns the replacement of `e` (already rewritten inside), or undefined to keep it. */
  expr?: (e: Expr, thread: number) => Expr | undefined;
}

function rewriteExpr(e: Expr, r: Rewriter, thread: number): Expr {
  const sub = (x: Expr) => rewriteExpr(x, r, thread);
  let out: Expr;
  switch (e.kind) {
    case 'const':
    case 'addr':
    case 'reg':
      out = e;
      break;
    case 'unary':
      out = { ...e, arg: sub(e.arg) };
      break;
    case 'binary':
      out = { ...e, left: sub(e.left), right: sub(e.right) };
      break;
    case 'load':
    case 'trylock':
    case 'isLocked':
    case 'srcuLock':
      out = { ...e, addr: sub(e.addr) };
      break;
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
  return r.expr?.(out, thread) ?? out;
}

function rewriteStmts(stmts: Stmt[], r: Rewriter, thread: number): Stmt[] {
  return stmts.flatMap((s) => rewriteStmt(s, r, thread));
}

function rewriteStmt(s: Stmt, r: Rewriter, thread: number): Stmt[] {
  const e = (x: Expr) => rewriteExpr(x, r, thread);
  let out: Stmt;
  switch (s.kind) {
    case 'assign':
      out = { ...s, value: e(s.value) };
      break;
    case 'eval':
      out = { ...s, value: e(s.value) };
      break;
    case 'store':
      out = { ...s, addr: e(s.addr), value: e(s.value) };
      break;
    case 'lock':
    case 'unlock':
    case 'syncSrcu':
      out = { ...s, addr: e(s.addr) };
      break;
    case 'srcuUnlock':
      out = { ...s, addr: e(s.addr), value: e(s.value) };
      break;
    case 'if':
      out = { ...s, cond: e(s.cond), then: rewriteStmts(s.then, r, thread), else: rewriteStmts(s.else, r, thread) };
      break;
    case 'loop':
      out = { ...s, cond: e(s.cond), body: rewriteStmts(s.body, r, thread) };
      break;
    case 'assume':
      out = { ...s, cond: e(s.cond) };
      break;
    case 'fence':
    case 'break':
    case 'return':
      out = s;
      break;
  }
  return r.stmt?.(out, thread) ?? [out];
}

function rewriteProgram(p: Program, r: Rewriter): Program {
  return { ...p, threads: p.threads.map((t) => ({ ...t, body: rewriteStmts(t.body, r, t.id) })) };
}

// ---------------------------------------------------------------------------
// Barrier sites

/** Every ordering primitive with a barrier id, in thread and program order. */
export function barrierSites(p: Program): BarrierSite[] {
  const sites: BarrierSite[] = [];
  const note = (thread: number, construct: BarrierSite['construct'], ordering: string, barrier: string | undefined, pos: SourcePos) => {
    if (barrier !== undefined) sites.push({ barrier, thread, construct, ordering, pos });
  };
  rewriteProgram(p, {
    stmt: (s, thread) => {
      if (s.kind === 'fence') note(thread, 'fence', s.fence, s.barrier, s.pos);
      else if (s.kind === 'store') note(thread, 'store', s.tag, s.barrier, s.pos);
      else if (s.kind === 'lock' || s.kind === 'unlock') note(thread, s.kind, s.kind, s.barrier, s.pos);
      return undefined;
    },
    expr: (e, thread) => {
      if (e.kind === 'load') note(thread, 'load', e.tag, e.barrier, e.pos);
      else if (e.kind === 'rmw' || e.kind === 'cmpxchg' || e.kind === 'addUnless') note(thread, e.kind, e.tag, e.barrier, e.pos);
      else if (e.kind === 'trylock') note(thread, 'trylock', 'trylock', e.barrier, e.pos);
      return undefined;
    },
  });
  return sites;
}

/** The distinct barrier ids of a program. */
export function barrierIds(p: Program): string[] {
  return [...new Set(barrierSites(p).map((s) => s.barrier))];
}

function requireBarrier(p: Program, id: string, pos: SourcePos): void {
  if (barrierSites(p).some((s) => s.barrier === id)) return;
  const known = barrierIds(p);
  throw new InputError(pos, `no barrier '${id}' in this program (barrier ids: ${known.length > 0 ? known.join(', ') : 'none'})`);
}

// ---------------------------------------------------------------------------
// Edits

/**
 * Applies `strength` (undefined: drop) to the primitives with barrier `id`.
 * Fences are replaced or removed; accesses and RMWs change annotation.
 */
function reorder(p: Program, id: string, strength: Strength | undefined, pos: SourcePos): Program {
  requireBarrier(p, id, pos);
  const what = strength === undefined ? `drop barrier '${id}'` : `weaken barrier '${id}'`;
  const accessTag = (allowed: readonly string[], construct: string): string => {
    if (strength === undefined) return 'once';
    if (strength.kind === 'fence') throw new InputError(pos, `cannot ${what}: it is ${construct}, not a fence`);
    if (!allowed.includes(strength.tag)) {
      throw new InputError(pos, `cannot ${what} to '${strength.tag}': ${construct} can be ${allowed.join(', ')}`);
    }
    return strength.tag;
  };
  return rewriteProgram(p, {
    stmt: (s) => {
      if (!('barrier' in s) || s.barrier !== id) return undefined;
      switch (s.kind) {
        case 'fence':
          if (strength === undefined) return [];
          if (strength.kind !== 'fence') throw new InputError(pos, `cannot ${what} to '${strength.tag}': it is a fence`);
          return [{ ...s, fence: strength.fence }];
        case 'store':
          return [{ ...s, tag: accessTag(['once', 'plain', 'release'], 'a store') as StoreTag }];
        case 'lock':
        case 'unlock':
          throw new InputError(pos, `cannot ${what}: it is a lock operation`);
        default:
          return undefined;
      }
    },
    expr: (e) => {
      if (!('barrier' in e) || e.barrier !== id) return undefined;
      switch (e.kind) {
        case 'load':
          return { ...e, tag: accessTag(['once', 'plain', 'acquire'], 'a load') as LoadTag };
        case 'rmw':
        case 'cmpxchg':
        case 'addUnless':
          return { ...e, tag: accessTag(['once', 'acquire', 'release', 'mb'], 'an atomic read-modify-write') as RmwTag };
        case 'trylock':
          throw new InputError(pos, `cannot ${what}: it is a lock operation`);
        default:
          return undefined;
      }
    },
  });
}

/** Removes barrier `id`: fences go, ordered accesses and RMWs become relaxed (`once`). */
export function dropBarrier(p: Program, id: string, pos: SourcePos): Program {
  return reorder(p, id, undefined, pos);
}

/** Replaces barrier `id` by a weaker fence (smp_mb -> smp_wmb) or access annotation (release -> once). */
export function weakenBarrier(p: Program, id: string, to: Strength, pos: SourcePos): Program {
  return reorder(p, id, to, pos);
}

export function applyEdits(p: Program, edits: readonly ProgramEdit[]): Program {
  return edits.reduce((q, e) => (e.kind === 'drop' ? dropBarrier(q, e.barrier, e.pos) : weakenBarrier(q, e.barrier, e.to, e.pos)), p);
}
