// herd's kernel-primitive macros (`linux-kernel.def`): each line defines a
// primitive as a C expression or block over herd's builtin instructions,
// e.g.
//
//   READ_ONCE(X) __load{ONCE}(X)
//   smp_store_mb(X,V) { __store{ONCE}(X,V); __fence{MB}; }
//   atomic_dec_and_test(X)  __atomic_op_return{MB}(X,-,1) == 0
//
// A call in a litmus test is expanded by substituting the parsed arguments
// for the parameters, as herd does, down to builtins, which become the same
// program IR as memorder's built-in primitive table (src/program/primitives.ts)
// with the builtin's annotations attached (HerdOrigin). The event builder's
// herd flavour tags events with those annotations instead of memorder's.
//
// Builtins (herd's C instructions): __load{A}(*p), __store{A}(*p, v),
// __fence{A}, __xchg{A}(p, v), __cmpxchg{A}(p, old, new),
// __atomic_op{A}(p, op, v), __atomic_op_return{A}(p, op, v),
// __atomic_fetch_op{A}(p, op, v), __atomic_add_unless{A}(p, a, u),
// __lock(p), __unlock(p), __trylock(p), __islocked(p), __srcu{A}(p).

import { readFileSync } from 'node:fs';
import { InputError } from '../program/errors.js';
import type { BinaryOp, Expr, FenceKind, HerdOrigin, LoadTag, RmwOp, RmwTag, SourcePos, Stmt, StoreTag } from '../program/ir.js';
import { TokenStream, describeToken, type Token } from './lexer.js';
import type { Expansion } from '../program/primitives.js';

type DefExpr =
  | { kind: 'param'; name: string; pos: SourcePos }
  | { kind: 'const'; value: number; pos: SourcePos }
  | { kind: 'deref'; arg: DefExpr; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: DefExpr; right: DefExpr; pos: SourcePos }
  | { kind: 'macro'; name: string; args: DefExpr[]; pos: SourcePos }
  | { kind: 'builtin'; name: string; annot: string[]; args: (DefExpr | RmwOpArg)[]; pos: SourcePos };

type RmwOpArg = { kind: 'op'; op: RmwOp; pos: SourcePos };

export interface Macro {
  name: string;
  params: string[];
  /** An expression macro yields a value; a block macro is statements. */
  body: { kind: 'expr'; expr: DefExpr } | { kind: 'block'; stmts: DefExpr[] };
  pos: SourcePos;
}

/** The macros of one `.def` file, by name. */
export interface MacroTable {
  file: string;
  macros: ReadonlyMap<string, Macro>;
}

const BUILTINS = new Set([
  '__load', '__store', '__fence', '__xchg', '__cmpxchg',
  '__atomic_op', '__atomic_op_return', '__atomic_fetch_op', '__atomic_add_unless',
  '__lock', '__unlock', '__trylock', '__islocked', '__srcu',
]);

const RMW_OPS: Readonly<Record<string, RmwOp>> = { '+': 'add', '-': 'sub', '&': 'and', '|': 'or', '^': 'xor', '&~': 'andnot' };

const PRECEDENCE: Readonly<Record<string, number>> = {
  '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '+': 9, '-': 9,
};

const cache = new Map<string, MacroTable>();

export function loadMacros(file: string): MacroTable {
  let t = cache.get(file);
  if (!t) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new InputError({ file, line: 1, col: 1 }, 'cannot read the macro (.def) file');
    }
    cache.set(file, (t = parseMacros(text, file)));
  }
  return t;
}

export function parseMacros(text: string, file: string): MacroTable {
  const p = new DefParser(new TokenStream(text, file));
  const macros = new Map<string, Macro>();
  for (const m of p.macros()) {
    if (macros.has(m.name)) throw new InputError(m.pos, `macro '${m.name}' is defined twice`);
    macros.set(m.name, m);
  }
  return { file, macros };
}

class DefParser {
  private params = new Set<string>();

  constructor(private readonly t: TokenStream) {
    t.mode = 'code';
  }

  macros(): Macro[] {
    const out: Macro[] = [];
    while (this.t.peek().kind !== 'eof') out.push(this.macro());
    return out;
  }

  private macro(): Macro {
    const name = this.expectIdent('a macro name');
    this.expect('(');
    const params: string[] = [];
    if (!this.accept(')')) {
      do params.push(this.expectIdent('a parameter name').text);
      while (this.accept(','));
      this.expect(')');
    }
    this.params = new Set(params);
    if (this.accept('{')) {
      const stmts: DefExpr[] = [];
      while (!this.accept('}')) {
        stmts.push(this.expr());
        this.expect(';');
      }
      return { name: name.text, params, body: { kind: 'block', stmts }, pos: name.pos };
    }
    return { name: name.text, params, body: { kind: 'expr', expr: this.expr() }, pos: name.pos };
  }

  private expr(min = 1): DefExpr {
    let left = this.unary();
    for (;;) {
      const t = this.t.peek();
      const prec = t.kind === 'punct' ? PRECEDENCE[t.text] : undefined;
      if (prec === undefined || prec < min) return left;
      this.t.next();
      left = { kind: 'binary', op: t.text as BinaryOp, left, right: this.expr(prec + 1), pos: t.pos };
    }
  }

  private unary(): DefExpr {
    const t = this.t.next();
    if (t.kind === 'punct' && t.text === '*') return { kind: 'deref', arg: this.unary(), pos: t.pos };
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.kind === 'number') return { kind: 'const', value: t.value!, pos: t.pos };
    if (t.kind === 'punct' && t.text === '-' && this.t.peek().kind === 'number') return { kind: 'const', value: -this.t.next().value!, pos: t.pos };
    if (t.kind !== 'ident') throw new InputError(t.pos, `expected an expression, found ${describeToken(t)}`);
    if (BUILTINS.has(t.text)) return this.builtin(t);
    if (this.params.has(t.text)) return { kind: 'param', name: t.text, pos: t.pos };
    if (this.t.peek().text === '(') {
      this.t.next();
      const args: DefExpr[] = [];
      if (!this.accept(')')) {
        do args.push(this.expr());
        while (this.accept(','));
        this.expect(')');
      }
      return { kind: 'macro', name: t.text, args, pos: t.pos };
    }
    throw new InputError(t.pos, `unknown name '${t.text}' in a macro body`);
  }

  /** `__name{annotations}(args)`; annotations such as `before-atomic` span several C tokens. */
  private builtin(t: Token): DefExpr {
    const annot: string[] = [];
    if (this.accept('{')) {
      let current = '';
      for (;;) {
        const a = this.t.next();
        if (a.kind === 'eof') throw new InputError(t.pos, `unclosed '{' in ${t.text}`);
        if (a.text === '}' || a.text === ',') {
          if (current !== '') annot.push(current);
          current = '';
          if (a.text === '}') break;
        } else current += a.text;
      }
    }
    const args: (DefExpr | RmwOpArg)[] = [];
    if (this.accept('(')) {
      if (!this.accept(')')) {
        do args.push(this.builtinArg());
        while (this.accept(','));
        this.expect(')');
      }
    }
    return { kind: 'builtin', name: t.text, annot, args, pos: t.pos };
  }

  /** A builtin argument: an expression, or the operator of an atomic operation (`+`, `&~`, ...). */
  private builtinArg(): DefExpr | RmwOpArg {
    const t = this.t.peek();
    if (t.kind === 'punct' && t.text !== '*' && t.text !== '(' && t.text !== '-') {
      this.t.next();
      let text = t.text;
      if (text === '&' && this.t.peek().text === '~') text += this.t.next().text;
      const op = RMW_OPS[text];
      if (!op) throw new InputError(t.pos, `unknown atomic operator '${text}'`);
      return { kind: 'op', op, pos: t.pos };
    }
    // `-` alone before a comma is the subtraction operator, not a negative number.
    if (t.text === '-' && this.t.peek(1).text === ',') {
      this.t.next();
      return { kind: 'op', op: 'sub', pos: t.pos };
    }
    return this.expr();
  }

  private accept(text: string): boolean {
    const t = this.t.peek();
    if ((t.kind !== 'punct' && t.kind !== 'ident') || t.text !== text) return false;
    this.t.next();
    return true;
  }

  private expect(text: string): Token {
    const t = this.t.next();
    if ((t.kind !== 'punct' && t.kind !== 'ident') || t.text !== text) {
      throw new InputError(t.pos, `expected '${text}', found ${describeToken(t)}`);
    }
    return t;
  }

  private expectIdent(what: string): Token {
    const t = this.t.next();
    if (t.kind !== 'ident') throw new InputError(t.pos, `expected ${what}, found ${describeToken(t)}`);
    return t;
  }
}

// ---------------------------------------------------------------------------
// Expansion

/** Whether calling the macro yields a value (may appear inside an expression). */
export function macroReturnsValue(m: Macro): boolean {
  return m.body.kind === 'expr';
}

/**
 * Expands the call `name(args)` of a test into IR. `args` are the test's
 * parsed arguments; `*p` arrives as a plain load of p, as C reads it.
 */
export function expandMacro(table: MacroTable, name: string, args: Expr[], pos: SourcePos): Expansion {
  const m = table.macros.get(name);
  if (!m) throw new InputError(pos, `unknown primitive '${name}' (not defined in ${table.file})`);
  return new Expander(table, name, pos).call(m, args, pos, []);
}

class Expander {
  constructor(
    private readonly table: MacroTable,
    /** The macro the test called: the nodes' `primitive`, which labels the events. */
    private readonly outer: string,
    private readonly at: SourcePos,
  ) {}

  call(m: Macro, args: Expr[], pos: SourcePos, stack: string[]): Expansion {
    if (stack.includes(m.name)) throw new InputError(m.pos, `macro '${m.name}' expands into itself`);
    if (args.length !== m.params.length) {
      const plural = m.params.length === 1 ? '' : 's';
      throw new InputError(pos, `'${m.name}' expects ${m.params.length} argument${plural}, got ${args.length}`);
    }
    const env = new Map(m.params.map((p, i) => [p, args[i]!]));
    const inner = [...stack, m.name];
    if (m.body.kind === 'expr') {
      const e = this.expand(m.body.expr, env, inner);
      return e.kind === 'stmts' ? e : { kind: 'expr', expr: e.expr };
    }
    const stmts: Stmt[] = [];
    for (const s of m.body.stmts) {
      const x = this.expand(s, env, inner);
      if (x.kind === 'stmts') stmts.push(...x.stmts);
      else stmts.push({ kind: 'eval', value: x.expr, pos: this.at });
    }
    return { kind: 'stmts', stmts };
  }

  private value(e: DefExpr, env: Map<string, Expr>, stack: string[]): Expr {
    const x = this.expand(e, env, stack);
    if (x.kind === 'stmts') throw new InputError(e.pos, `'${e.kind === 'macro' || e.kind === 'builtin' ? e.name : 'this'}' does not return a value`);
    return x.expr;
  }

  private expand(e: DefExpr, env: Map<string, Expr>, stack: string[]): Expansion {
    const pos = this.at;
    const expr = (x: Expr): Expansion => ({ kind: 'expr', expr: x });
    switch (e.kind) {
      case 'param':
        return expr(env.get(e.name)!);
      case 'const':
        return expr({ kind: 'const', value: e.value, pos });
      case 'deref':
        return expr({ kind: 'load', addr: this.value(e.arg, env, stack), tag: 'plain', pos });
      case 'binary':
        return expr({ kind: 'binary', op: e.op, left: this.value(e.left, env, stack), right: this.value(e.right, env, stack), pos });
      case 'macro': {
        const m = this.table.macros.get(e.name);
        if (!m) throw new InputError(e.pos, `unknown macro '${e.name}'`);
        return this.call(
          m,
          e.args.map((a) => this.value(a, env, stack)),
          e.pos,
          stack,
        );
      }
      case 'builtin':
        return this.builtin(e, env, stack);
    }
  }

  private builtin(e: Extract<DefExpr, { kind: 'builtin' }>, env: Map<string, Expr>, stack: string[]): Expansion {
    const pos = this.at;
    const herd: HerdOrigin = { annot: e.annot };
    const primitive = this.outer;
    const arity: Record<string, number> = {
      __load: 1, __store: 2, __fence: 0, __xchg: 2, __cmpxchg: 3, __atomic_op: 3, __atomic_op_return: 3,
      __atomic_fetch_op: 3, __atomic_add_unless: 3, __lock: 1, __unlock: 1, __trylock: 1, __islocked: 1, __srcu: 1,
    };
    if (e.args.length !== arity[e.name]) throw new InputError(e.pos, `'${e.name}' takes ${arity[e.name]} argument(s), got ${e.args.length}`);
    const arg = (i: number): Expr => {
      const a = e.args[i]!;
      if (a.kind === 'op') throw new InputError(a.pos, `unexpected operator argument of '${e.name}'`);
      return this.value(a, env, stack);
    };
    const op = (i: number): RmwOp => {
      const a = e.args[i]!;
      if (a.kind !== 'op') throw new InputError(e.pos, `'${e.name}' expects an operator (+, -, &, |, ^, &~) as argument ${i + 1}`);
      return a.op;
    };
    /** `__load`/`__store` access `*p`: the argument must be a dereference. */
    const lvalue = (i: number): Expr => {
      const a = arg(i);
      if (a.kind === 'load' && a.tag === 'plain' && !a.herd) return a.addr;
      throw new InputError(a.pos, `'${e.name}' (in '${this.outer}') expects an argument of the form '*p'`);
    };
    const expr = (x: Expr): Expansion => ({ kind: 'expr', expr: x });
    const stmt = (s: Stmt): Expansion => ({ kind: 'stmts', stmts: [s] });
    switch (e.name) {
      case '__load':
        return expr({ kind: 'load', addr: lvalue(0), tag: nearestLoadTag(e.annot), pos, herd, primitive });
      case '__store':
        return stmt({ kind: 'store', addr: lvalue(0), value: arg(1), tag: nearestStoreTag(e.annot), pos, herd, primitive });
      case '__fence':
        return stmt({ kind: 'fence', fence: nearestFence(e.annot), pos, herd, primitive });
      case '__xchg':
        return expr({ kind: 'rmw', op: 'xchg', addr: arg(0), operand: arg(1), returns: 'old', tag: nearestRmwTag(e.annot), pos, herd, primitive });
      case '__cmpxchg':
        return expr({ kind: 'cmpxchg', addr: arg(0), expected: arg(1), desired: arg(2), tag: nearestRmwTag(e.annot), pos, herd, primitive });
      case '__atomic_op':
        return stmt({
          kind: 'eval',
          value: { kind: 'rmw', op: op(1), addr: arg(0), operand: arg(2), returns: 'none', tag: nearestRmwTag(e.annot), pos, herd, primitive },
          pos,
        });
      case '__atomic_op_return':
      case '__atomic_fetch_op':
        return expr({
          kind: 'rmw',
          op: op(1),
          addr: arg(0),
          operand: arg(2),
          returns: e.name === '__atomic_op_return' ? 'new' : 'old',
          tag: nearestRmwTag(e.annot),
          pos,
          herd,
          primitive,
        });
      case '__atomic_add_unless':
        return expr({ kind: 'addUnless', addr: arg(0), add: arg(1), unless: arg(2), tag: nearestRmwTag(e.annot), pos, herd, primitive });
      case '__lock':
        return stmt({ kind: 'lock', addr: arg(0), pos, herd });
      case '__unlock':
        return stmt({ kind: 'unlock', addr: arg(0), pos, herd });
      case '__trylock':
        return expr({ kind: 'trylock', addr: arg(0), pos, herd });
      case '__islocked':
        return expr({ kind: 'isLocked', addr: arg(0), pos, herd });
      case '__srcu':
        return stmt({ kind: 'syncSrcu', addr: arg(0), pos, herd });
      default:
        throw new InputError(e.pos, `unsupported herd builtin '${e.name}'`);
    }
  }
}

// The memorder annotation nearest to a herd one, for labels only (see HerdOrigin).
const lower = (annot: readonly string[]) => annot.map((a) => a.toLowerCase());

function nearestLoadTag(annot: readonly string[]): LoadTag {
  return lower(annot).includes('acquire') ? 'acquire' : 'once';
}

function nearestStoreTag(annot: readonly string[]): StoreTag {
  return lower(annot).includes('release') ? 'release' : 'once';
}

function nearestRmwTag(annot: readonly string[]): RmwTag {
  const l = lower(annot);
  for (const t of ['mb', 'acquire', 'release', 'noreturn'] as const) if (l.includes(t)) return t;
  return 'once';
}

const FENCE_KINDS: readonly FenceKind[] = [
  'mb', 'rmb', 'wmb', 'barrier', 'before-atomic', 'after-atomic', 'after-spinlock', 'after-unlock-lock',
  'after-srcu-read-unlock', 'rcu-lock', 'rcu-unlock', 'sync-rcu',
];

function nearestFence(annot: readonly string[]): FenceKind {
  return (lower(annot).find((a) => (FENCE_KINDS as readonly string[]).includes(a)) as FenceKind | undefined) ?? 'barrier';
}
