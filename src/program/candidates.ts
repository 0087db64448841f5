// Barriers that are not there yet: fences a what-if query adds (`--add
// P1:14=smp_rmb`) or that `fix` may place between accesses, and loads and
// stores it may upgrade to acquire and release. Each candidate is an IR node
// marked `candidate`, with an id saying where it goes (`P1@14`: before the
// statement on line 14 of P1); the kinds it may take come from the query.

import { InputError } from './errors.js';
import type { Expr, FenceKind, Program, SourcePos, Stmt } from './ir.js';
import { Naming } from './naming.js';

/** Whether a statement (or an expression in it) accesses memory. */
function accesses(s: Stmt | Expr): boolean {
  switch (s.kind) {
    case 'const':
    case 'addr':
    case 'reg':
    case 'break':
    case 'continue':
    case 'return':
    case 'goto':
    case 'label':
      return false;
    case 'fence':
      return false;
    case 'unary':
      return accesses(s.arg);
    case 'binary':
      return accesses(s.left) || accesses(s.right);
    case 'assign':
    case 'eval':
      return accesses(s.value);
    case 'if':
      return accesses(s.cond) || s.then.some(accesses) || s.else.some(accesses);
    case 'loop':
      return accesses(s.cond) || s.body.some(accesses) || (s.step ?? []).some(accesses);
    case 'assume':
      return accesses(s.cond);
    default:
      return true;
  }
}

/**
 * The id of a fence to be placed before the statement at `pos` of a thread,
 * as `fix` and `--add` name it: `P1@14` in a litmus test; in a spec, whose
 * thread runs code of several files, `gup@specs/mm/gup.ts:40`.
 */
function pointId(naming: Naming, thread: number, pos: Pick<SourcePos, 'file' | 'line'>): string {
  return naming.scenario ? `${naming.thread(thread)}@${pos.file}:${pos.line}` : `${naming.thread(thread)}@${pos.line}`;
}

/** Whether a barrier id names a fence to be placed (pointId) rather than a barrier written in the code. */
export function isPointId(id: string): boolean {
  return id.includes('@');
}

function candidateFence(naming: Naming, thread: number, pos: SourcePos): Extract<Stmt, { kind: 'fence' }> {
  return { kind: 'fence', fence: 'mb' as FenceKind, pos, primitive: 'candidate fence', barrier: pointId(naming, thread, pos), candidate: true };
}

/**
 * Statements before which a fence orders nothing the next statement's
 * fence would not: labels and register-only assignments (which include what
 * a spec's compiler adds at a call, binding parameters and resetting the
 * result at the function's declaration line, where no fence can be written).
 */
function registerOnly(s: Stmt): boolean {
  return s.kind === 'label' || ((s.kind === 'assign' || s.kind === 'eval') && !accesses(s));
}

/**
 * The program with a candidate fence before every statement that has an
 * access at or after it and an access before it in its thread (in text
 * order), at every nesting level, but not before register-only statements;
 * one per source line.
 */
export function withCandidateFences(program: Program): Program {
  const naming = Naming.of(program);
  return mapThreads(program, (thread, body) => {
    // A spec's thread runs code of several files: one candidate per file:line.
    const lines = new Set<string>();
    let seenAccess = false;
    const remaining = (stmts: Stmt[], i: number) => stmts.slice(i).some(accesses);
    const place = (stmts: Stmt[], laterOutside: boolean): Stmt[] => {
      const out: Stmt[] = [];
      stmts.forEach((s, i) => {
        const later = remaining(stmts, i) || laterOutside;
        if (seenAccess && later && !registerOnly(s) && !lines.has(`${s.pos.file}:${s.pos.line}`)) {
          lines.add(`${s.pos.file}:${s.pos.line}`);
          out.push(candidateFence(naming, thread, s.pos));
        }
        const after = remaining(stmts, i + 1) || laterOutside;
        if (s.kind === 'if') {
          if (accesses(s.cond)) seenAccess = true;
          const before = seenAccess;
          const then = place(s.then, after);
          const thenSeen = seenAccess;
          seenAccess = before;
          const otherwise = place(s.else, after);
          seenAccess = seenAccess || thenSeen;
          out.push({ ...s, then, else: otherwise });
        } else if (s.kind === 'loop') {
          if (accesses(s.cond)) seenAccess = true;
          out.push({ ...s, body: place(s.body, true), ...(s.step ? { step: place(s.step, true) } : {}) });
        } else {
          out.push(s);
          if (accesses(s)) seenAccess = true;
        }
      });
      return out;
    };
    return place(body, false);
  });
}

/** The program with one candidate fence before the statement that starts on `line` of thread `thread`. */
export function withFenceAt(program: Program, thread: number, line: number, pos: SourcePos): { program: Program; id: string } {
  const naming = Naming.of(program);
  if (!program.threads[thread]) throw new InputError(pos, `no thread ${naming.thread(thread)}`);
  let placed: ReturnType<typeof candidateFence> | undefined;
  const place = (stmts: Stmt[]): Stmt[] =>
    stmts.flatMap((s): Stmt[] => {
      const inner: Stmt =
        s.kind === 'if' ? { ...s, then: place(s.then), else: place(s.else) } : s.kind === 'loop' ? { ...s, body: place(s.body) } : s;
      if (!placed && s.pos.line === line) {
        placed = candidateFence(naming, thread, s.pos);
        return [placed, inner];
      }
      return [inner];
    });
  const out = mapThreads(program, (t, body) => (t === thread ? place(body) : body));
  if (!placed) throw new InputError(pos, `no statement of ${naming.thread(thread)} starts on line ${line}`);
  return { program: out, id: placed.barrier! };
}

/**
 * The program with every READ_ONCE-like load and WRITE_ONCE-like store
 * marked as a candidate for an acquire/release upgrade (ids
 * `P1:READ_ONCE#2`), so `fix` may choose to strengthen them.
 */
export function withUpgradableAccesses(program: Program): Program {
  const naming = Naming.of(program);
  return mapThreads(program, (thread, body) => {
    const counts = new Map<string, number>();
    const id = (prim: string) => {
      const k = (counts.get(prim) ?? 0) + 1;
      counts.set(prim, k);
      return `${naming.thread(thread)}:${prim}#${k}`;
    };
    const expr = (e: Expr): Expr => {
      switch (e.kind) {
        case 'load': {
          const addr = expr(e.addr);
          return e.tag === 'once' && !e.barrier ? { ...e, addr, barrier: id(e.primitive ?? 'READ_ONCE'), candidate: true } : { ...e, addr };
        }
        case 'unary':
          return { ...e, arg: expr(e.arg) };
        case 'binary':
          return { ...e, left: expr(e.left), right: expr(e.right) };
        default:
          return e;
      }
    };
    const stmt = (s: Stmt): Stmt => {
      switch (s.kind) {
        case 'assign':
        case 'eval':
          return { ...s, value: expr(s.value) };
        case 'store':
          return s.tag === 'once' && !s.barrier
            ? { ...s, value: expr(s.value), barrier: id(s.primitive ?? 'WRITE_ONCE'), candidate: true }
            : { ...s, value: expr(s.value) };
        case 'if':
          return { ...s, cond: expr(s.cond), then: s.then.map(stmt), else: s.else.map(stmt) };
        case 'loop':
          return { ...s, cond: expr(s.cond), body: s.body.map(stmt), ...(s.step ? { step: s.step.map(stmt) } : {}) };
        default:
          return s;
      }
    };
    return body.map(stmt);
  });
}

function mapThreads(program: Program, f: (thread: number, body: Stmt[]) => Stmt[]): Program {
  return { ...program, threads: program.threads.map((t) => ({ ...t, body: f(t.id, t.body) })) };
}
