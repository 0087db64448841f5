// The TypeScript subset of reference implementations, compiled to program
// IR. A thread is a function over the scenario's memory; calls to other
// reference functions are inlined (parameters bound to the cells or
// structures passed, or to registers holding values); kernel primitives
// become IR through the litmus front end's table (src/program/primitives.ts).
//
// The subset: function declarations; const/let of integers and booleans
// (registers) or of cells and structures (aliases); assignment, `+=`-style
// and `++`/`--`; if/else; `return` anywhere; while, do/while and for loops
// (unrolled by the event builder under --unroll, like litmus loops) with
// `break`; integer and boolean expressions; `.value`/`.counter` of a cell as
// a plain access. Anything else is an error at its file:line:col.
//
// Early returns: the statements after an `if` one of whose branches returns
// are compiled into the branches that fall through (as a compiler's control
// flow would have it: they are control-dependent on the condition). A return
// inside a loop sets the function's `done` register and breaks out; the code
// after the loop runs when `done` is not set.

import type * as Morph from 'ts-morph';
import { InputError } from '../program/errors.js';
import type { BinaryOp, Expr, LocationType, SourcePos, Stmt, UnaryOp } from '../program/ir.js';
import { arityOf, expandPrimitive, type Expansion, type Primitive } from '../program/primitives.js';
import { barrierSitesOf, enclosingFunctionName, type BarrierSiteInfo } from './barriers.js';
import { expandTranslation, TRANSLATION_OPS, type TranslationArg } from './translation.js';
import { functionKey, posOf, type FunctionDeclaration, type Node, type Resolved, type ScenarioProject } from './project.js';

/** A shared location of the scenario's memory. */
export interface LayoutCell {
  kind: 'loc';
  /** Dotted path from the memory root: `pte`, `page.refcount`. */
  name: string;
  type: LocationType;
  init: number;
  pos: SourcePos;
}

/** A structure of the scenario's memory: named fields, each a cell or a structure. */
export interface LayoutObject {
  kind: 'obj';
  path: string;
  fields: Map<string, LayoutNode>;
}

export type LayoutNode = LayoutCell | LayoutObject;

/** What a name denotes while compiling. */
type Binding = LayoutNode | { kind: 'reg'; reg: string } | { kind: 'const'; value: number };

class Scope {
  private readonly vars = new Map<string, Binding>();
  constructor(private readonly parent?: Scope) {}
  get(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }
  child(): Scope {
    return new Scope(this);
  }
}

/** One inlined instance of a function (or a thread's own body). */
interface Frame {
  fn: string;
  sf: Morph.SourceFile;
  /** Register prefix of this instance. */
  prefix: string;
  result: string;
  done: string;
  /** Loops of this frame around the statement being compiled. */
  loopDepth: number;
  /** Register of each declaration. */
  regs: Map<Node, string>;
}

interface Item {
  node: Morph.Statement;
  scope: Scope;
}

export interface CompileOptions {
  /** Function key (`file#name`) -> the function to inline instead (a variant's historical code). */
  substitutions?: ReadonlyMap<string, FunctionDeclaration>;
}

/** Where a kernel primitive takes a shared location (by argument index). */
function locationArgs(p: Primitive): number[] {
  switch (p.kind) {
    case 'fence':
      return [];
    case 'rmw':
      return p.args === 'value,pointer' ? [1] : [0];
    default:
      return [0];
  }
}

const BINARY: Readonly<Record<string, BinaryOp>> = {
  '+': '+', '-': '-', '*': '*', '%': '%',
  '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>',
  '===': '==', '==': '==', '!==': '!=', '!=': '!=',
  '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '&&': '&&', '||': '||',
};

const COMPOUND: Readonly<Record<string, BinaryOp>> = {
  '+=': '+', '-=': '-', '*=': '*', '%=': '%', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>',
};

/** Compiles the threads of one scenario (one variant) to IR. */
export class ThreadCompiler {
  /** Files whose code was compiled. */
  readonly files = new Set<string>();
  /** Barrier sites met, by `file:offset`. */
  readonly sites = new Map<string, BarrierSiteInfo>();
  private instances = 0;
  private readonly stack: string[] = [];

  constructor(
    private readonly project: ScenarioProject,
    private readonly memory: LayoutObject,
    private readonly options: CompileOptions = {},
  ) {}

  private get N() {
    return this.project.ts.Node;
  }

  private get K() {
    return this.project.ts.SyntaxKind;
  }

  private unsupported(node: Node, what?: string): never {
    const text = node.getText().split('\n')[0]!;
    const snippet = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    throw new InputError(posOf(node), `unsupported construct in a scenario: ${what ?? node.getKindName()} '${snippet}'`);
  }

  /**
   * A thread: an arrow function `(m) => ...` over the memory, or a function
   * taking it. Its value is left in register `result`.
   */
  thread(name: string, fnNode: Node): Stmt[] {
    const N = this.N;
    const frame = (sf: Morph.SourceFile, fn: string): Frame => ({
      fn, sf, prefix: '', result: 'result', done: 'done', loopDepth: 0, regs: new Map(),
    });
    if (N.isArrowFunction(fnNode) || N.isFunctionExpression(fnNode)) {
      const params = fnNode.getParameters();
      if (params.length > 1) this.unsupported(params[1]!, 'a thread function with more than one parameter');
      const scope = new Scope();
      if (params[0]) scope.set(this.paramName(params[0]), this.memory);
      const f = frame(fnNode.getSourceFile(), `thread ${name}`);
      this.files.add(fnNode.getSourceFile().getFilePath());
      const body = fnNode.getBody();
      if (N.isBlock(body)) return this.block(body.getStatements().map((s) => ({ node: s, scope })), f);
      const pre: Stmt[] = [];
      const value = this.expr(body, scope, f, pre);
      return [...pre, { kind: 'assign', reg: f.result, value, pos: posOf(body, f.fn) }];
    }
    if (N.isIdentifier(fnNode) || N.isPropertyAccessExpression(fnNode)) {
      const decl = this.functionOf(fnNode, fnNode.getSourceFile());
      const pre: Stmt[] = [];
      const r = this.inline(decl, [this.memory], fnNode, pre);
      return [...pre, { kind: 'assign', reg: 'result', value: r, pos: posOf(fnNode) }];
    }
    return this.unsupported(fnNode, 'a thread (expected an arrow function or a function name)');
  }

  private paramName(p: Morph.ParameterDeclaration): string {
    const n = p.getNameNode();
    if (!this.N.isIdentifier(n)) this.unsupported(n, 'a destructuring parameter');
    if (p.getInitializer()) this.unsupported(p, 'a parameter with a default value');
    return n.getText();
  }

  // ---------------------------------------------------------------- names

  private resolve(name: string, scope: Scope, sf: Morph.SourceFile, at: Node): Binding | Resolved | undefined {
    return scope.get(name) ?? this.project.resolveName(sf, name, at);
  }

  /** The function a callee expression names (after the variant's substitutions). */
  private functionOf(callee: Node, sf: Morph.SourceFile): FunctionDeclaration {
    const r = this.calleeOf(callee, new Scope(), sf);
    if (r?.kind !== 'function') return this.unsupported(callee, 'a call of something that is not a reference function');
    return this.options.substitutions?.get(r.key) ?? r.decl;
  }

  private calleeOf(callee: Node, scope: Scope, sf: Morph.SourceFile): Binding | Resolved | undefined {
    const N = this.N;
    if (N.isIdentifier(callee)) return this.resolve(callee.getText(), scope, sf, callee);
    if (N.isPropertyAccessExpression(callee) && N.isIdentifier(callee.getExpression())) {
      const ns = this.resolve(callee.getExpression().getText(), scope, sf, callee);
      if (ns?.kind === 'namespace') return this.project.resolveExport(ns.file, callee.getName(), callee);
      if (ns?.kind === 'kernel-namespace') return this.project.resolveExport('kernel', callee.getName(), callee);
    }
    return undefined;
  }

  /** The cell or structure an expression denotes, or undefined when it is a value. */
  private location(node: Node, scope: Scope): LayoutNode | undefined {
    const N = this.N;
    if (N.isParenthesizedExpression(node) || N.isAsExpression(node) || N.isNonNullExpression(node)) {
      return this.location(node.getExpression(), scope);
    }
    if (N.isIdentifier(node)) {
      const b = scope.get(node.getText());
      return b && (b.kind === 'loc' || b.kind === 'obj') ? b : undefined;
    }
    if (N.isPropertyAccessExpression(node)) {
      const base = this.location(node.getExpression(), scope);
      if (!base) return undefined;
      if (base.kind !== 'obj') {
        if (node.getName() === 'value' || node.getName() === 'counter') return undefined;
        throw new InputError(posOf(node.getNameNode()), `'${base.name}' is a cell and has no field '${node.getName()}'`);
      }
      const field = base.fields.get(node.getName());
      if (!field) {
        const where = base.path === '' ? 'the memory' : `'${base.path}'`;
        throw new InputError(posOf(node.getNameNode()), `${where} has no field '${node.getName()}'`);
      }
      return field;
    }
    return undefined;
  }

  private requireCell(node: Node, scope: Scope, what: string): LayoutCell {
    const l = this.location(node, scope);
    if (!l) throw new InputError(posOf(node), `${what} expects a shared cell of the scenario's memory, not a value`);
    if (l.kind !== 'loc') throw new InputError(posOf(node), `${what} expects a cell, but '${l.path}' is a structure`);
    return l;
  }

  private reg(frame: Frame, name: string, decl: Node): string {
    let r = frame.regs.get(decl);
    if (!r) {
      const base = frame.prefix === '' ? name : `${frame.prefix}.${name}`;
      const taken = new Set(frame.regs.values());
      r = base;
      for (let i = 2; taken.has(r); i++) r = `${base}#${i}`;
      frame.regs.set(decl, r);
    }
    return r;
  }

  private temps = 0;

  /** A fresh register for a value the compiler introduces. */
  private temp(frame: Frame): string {
    const name = `tmp#${++this.temps}`;
    return frame.prefix === '' ? name : `${frame.prefix}.${name}`;
  }

  // ---------------------------------------------------------------- statements

  private block(items: Item[], frame: Frame): Stmt[] {
    const out: Stmt[] = [];
    const N = this.N;
    for (let i = 0; i < items.length; i++) {
      const { node, scope } = items[i]!;
      const rest = items.slice(i + 1);
      const pos = posOf(node, frame.fn);
      if (N.isReturnStatement(node)) {
        const e = node.getExpression();
        if (e) {
          const value = this.expr(e, scope, frame, out);
          out.push({ kind: 'assign', reg: frame.result, value, pos });
        }
        if (frame.loopDepth > 0) {
          out.push({ kind: 'assign', reg: frame.done, value: { kind: 'const', value: 1, pos }, pos });
          out.push({ kind: 'break', pos });
        }
        return out; // what follows a return does not run
      }
      if (N.isIfStatement(node) && this.mayReturn(node)) {
        // Early return: the rest of this block continues each branch that falls through.
        const cond = this.expr(node.getExpression(), scope, frame, out);
        const branch = (s: Morph.Statement | undefined) => this.block([...this.itemsOf(s, scope), ...rest], frame);
        out.push({ kind: 'if', cond, then: branch(node.getThenStatement()), else: branch(node.getElseStatement()), pos });
        return out;
      }
      if (N.isBlock(node) && this.mayReturn(node)) {
        return [...out, ...this.block([...this.itemsOf(node, scope), ...rest], frame)];
      }
      out.push(...this.statement(node, scope, frame));
      if (this.isLoop(node) && this.mayReturn(node)) {
        // A return inside the loop set `done` and broke out.
        const done: Expr = { kind: 'reg', name: frame.done, pos };
        const after = this.block(rest, frame);
        if (frame.loopDepth > 0) out.push({ kind: 'if', cond: done, then: [{ kind: 'break', pos }], else: after, pos });
        else if (after.length > 0) out.push({ kind: 'if', cond: { kind: 'unary', op: '!', arg: done, pos }, then: after, else: [], pos });
        return out;
      }
    }
    return out;
  }

  private itemsOf(s: Morph.Statement | undefined, scope: Scope): Item[] {
    if (!s) return [];
    if (this.N.isBlock(s)) {
      const inner = scope.child();
      return s.getStatements().map((node) => ({ node, scope: inner }));
    }
    return [{ node: s, scope }];
  }

  private mayReturn(node: Node): boolean {
    return this.N.isReturnStatement(node) || node.getFirstDescendantByKind(this.K.ReturnStatement) !== undefined;
  }

  /** Whether a return sits inside a loop of this body (so `done` is used). */
  private loopReturns(body: Node): boolean {
    return body.getDescendantsOfKind(this.K.ReturnStatement).some((r) => r.getFirstAncestor((a) => this.isLoop(a)) !== undefined);
  }

  private isLoop(node: Node): boolean {
    const N = this.N;
    return N.isWhileStatement(node) || N.isDoStatement(node) || N.isForStatement(node);
  }

  /** A statement that does not leave the function early. */
  private statement(node: Morph.Statement, scope: Scope, frame: Frame): Stmt[] {
    const N = this.N;
    const pos = posOf(node, frame.fn);
    const out: Stmt[] = [];
    if (N.isEmptyStatement(node)) return out;
    if (N.isBlock(node)) return this.block(this.itemsOf(node, scope), frame);
    if (N.isVariableStatement(node)) {
      this.declarations(node.getDeclarationList(), scope, frame, out);
      return out;
    }
    if (N.isExpressionStatement(node)) {
      this.effect(node.getExpression(), scope, frame, out);
      return out;
    }
    if (N.isIfStatement(node)) {
      const cond = this.expr(node.getExpression(), scope, frame, out);
      const then = this.block(this.itemsOf(node.getThenStatement(), scope), frame);
      const otherwise = this.block(this.itemsOf(node.getElseStatement(), scope), frame);
      out.push({ kind: 'if', cond, then, else: otherwise, pos });
      return out;
    }
    if (N.isBreakStatement(node)) {
      if (node.getLabel()) this.unsupported(node, 'a labelled break');
      if (frame.loopDepth === 0) throw new InputError(pos, "'break' outside a loop");
      return [{ kind: 'break', pos }];
    }
    if (N.isWhileStatement(node)) return this.loop(node.getExpression(), node.getStatement(), [], false, scope, frame, pos);
    if (N.isDoStatement(node)) return this.loop(node.getExpression(), node.getStatement(), [], true, scope, frame, pos);
    if (N.isForStatement(node)) {
      const inner = scope.child();
      const init = node.getInitializer();
      if (init) {
        if (N.isVariableDeclarationList(init)) this.declarations(init, inner, frame, out);
        else this.effect(init, inner, frame, out);
      }
      const step = node.getIncrementor();
      const cond = node.getCondition();
      out.push(...this.loop(cond, node.getStatement(), step ? [step] : [], false, inner, frame, pos));
      return out;
    }
    if (N.isContinueStatement(node)) return this.unsupported(node, "'continue'");
    return this.unsupported(node);
  }

  private loop(
    condNode: Node | undefined,
    bodyNode: Morph.Statement,
    step: Node[],
    doWhile: boolean,
    scope: Scope,
    frame: Frame,
    pos: SourcePos,
  ): Stmt[] {
    frame.loopDepth++;
    try {
      const pre: Stmt[] = [];
      const cond: Expr = condNode ? this.expr(condNode, scope, frame, pre) : { kind: 'const', value: 1, pos };
      const body = this.block(this.itemsOf(bodyNode, scope), frame);
      for (const s of step) this.effect(s, scope, frame, body);
      if (pre.length === 0) return [{ kind: 'loop', cond, body, doWhile, pos }];
      // A condition that calls a reference function runs its statements on every test.
      const test: Stmt[] = [...pre, { kind: 'if', cond, then: [], else: [{ kind: 'break', pos }], pos }];
      const always: Expr = { kind: 'const', value: 1, pos };
      return [{ kind: 'loop', cond: always, body: doWhile ? [...body, ...test] : [...test, ...body], doWhile: true, pos }];
    } finally {
      frame.loopDepth--;
    }
  }

  private declarations(list: Morph.VariableDeclarationList, scope: Scope, frame: Frame, out: Stmt[]): void {
    for (const d of list.getDeclarations()) {
      const nameNode = d.getNameNode();
      if (!this.N.isIdentifier(nameNode)) this.unsupported(nameNode, 'a destructuring declaration');
      const name = nameNode.getText();
      const init = d.getInitializer();
      const loc = init ? this.location(init, scope) : undefined;
      if (loc) {
        scope.set(name, loc); // an alias of a cell or structure
        continue;
      }
      const reg = this.reg(frame, name, d);
      scope.set(name, { kind: 'reg', reg });
      if (init) out.push({ kind: 'assign', reg, value: this.expr(init, scope, frame, out), pos: posOf(d, frame.fn) });
    }
  }

  /** An expression statement: a call, an assignment, `x++`. */
  private effect(node: Node, scope: Scope, frame: Frame, out: Stmt[]): void {
    const N = this.N;
    const K = this.K;
    const pos = posOf(node, frame.fn);
    if (N.isParenthesizedExpression(node)) return this.effect(node.getExpression(), scope, frame, out);
    if (N.isCallExpression(node)) {
      const c = this.call(node, scope, frame, out);
      if (c.kind === 'stmts') out.push(...c.stmts);
      else if (c.expr.kind !== 'reg') out.push({ kind: 'eval', value: c.expr, pos });
      return;
    }
    if (N.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getText();
      if (op === '=' || COMPOUND[op]) {
        const value = this.expr(node.getRight(), scope, frame, out);
        return this.assign(node.getLeft(), COMPOUND[op], value, scope, frame, out, pos);
      }
    }
    if ((N.isPostfixUnaryExpression(node) || N.isPrefixUnaryExpression(node)) &&
        (node.getOperatorToken() === K.PlusPlusToken || node.getOperatorToken() === K.MinusMinusToken)) {
      const one: Expr = { kind: 'const', value: 1, pos };
      return this.assign(node.getOperand(), node.getOperatorToken() === K.PlusPlusToken ? '+' : '-', one, scope, frame, out, pos);
    }
    this.unsupported(node, 'an expression statement');
  }

  /** `target = value` or `target op= value`: a register, or a plain store to `cell.value`. */
  private assign(target: Node, op: BinaryOp | undefined, value: Expr, scope: Scope, frame: Frame, out: Stmt[], pos: SourcePos): void {
    const N = this.N;
    if (N.isIdentifier(target)) {
      const b = scope.get(target.getText());
      if (b?.kind !== 'reg') this.unsupported(target, 'an assignment to something that is not a local variable');
      const old: Expr = { kind: 'reg', name: b.reg, pos };
      out.push({ kind: 'assign', reg: b.reg, value: op ? { kind: 'binary', op, left: old, right: value, pos } : value, pos });
      return;
    }
    const cell = this.plainCell(target, scope);
    if (cell) {
      const addr: Expr = { kind: 'addr', name: cell.name, pos };
      const v: Expr = op ? { kind: 'binary', op, left: { kind: 'load', addr, tag: 'plain', pos }, right: value, pos } : value;
      out.push({ kind: 'store', addr, value: v, tag: 'plain', pos });
      return;
    }
    this.unsupported(target, 'an assignment target');
  }

  /** `c.value` / `a.counter` of a cell: a plain (unmarked) access. */
  private plainCell(node: Node, scope: Scope): LayoutCell | undefined {
    const N = this.N;
    if (!N.isPropertyAccessExpression(node) || !['value', 'counter'].includes(node.getName())) return undefined;
    const base = this.location(node.getExpression(), scope);
    return base?.kind === 'loc' ? base : undefined;
  }

  // ---------------------------------------------------------------- expressions

  /**
   * An expression's IR. Calls of reference functions are inlined into `pre`
   * (run before the expression) and stand for their result register.
   */
  private expr(node: Node, scope: Scope, frame: Frame, pre: Stmt[]): Expr {
    const N = this.N;
    const K = this.K;
    const pos = posOf(node, frame.fn);
    if (N.isParenthesizedExpression(node) || N.isAsExpression(node) || N.isNonNullExpression(node)) {
      return this.expr(node.getExpression(), scope, frame, pre);
    }
    if (N.isNumericLiteral(node)) return { kind: 'const', value: node.getLiteralValue(), pos };
    if (N.isTrueLiteral(node)) return { kind: 'const', value: 1, pos };
    if (N.isFalseLiteral(node)) return { kind: 'const', value: 0, pos };
    if (N.isIdentifier(node)) {
      const b = this.resolve(node.getText(), scope, frame.sf, node);
      if (b?.kind === 'reg') return { kind: 'reg', name: b.reg, pos };
      if (b?.kind === 'const') return { kind: 'const', value: b.value, pos };
      if (b?.kind === 'loc' || b?.kind === 'obj') {
        throw new InputError(pos, `'${node.getText()}' is shared memory, not a value: read it with a primitive such as READ_ONCE`);
      }
      throw new InputError(pos, `unknown name '${node.getText()}'`);
    }
    if (N.isPropertyAccessExpression(node)) {
      const cell = this.plainCell(node, scope);
      if (cell) return { kind: 'load', addr: { kind: 'addr', name: cell.name, pos }, tag: 'plain', pos };
      if (this.location(node, scope)) {
        throw new InputError(pos, `'${node.getText()}' is shared memory, not a value: read it with a primitive such as READ_ONCE`);
      }
      const c = this.project.constantValue(node);
      if (c !== undefined) return { kind: 'const', value: c, pos };
      const ns = N.isIdentifier(node.getExpression()) ? this.resolve(node.getExpression().getText(), scope, frame.sf, node) : undefined;
      if (ns?.kind === 'namespace') {
        const r = this.project.resolveExport(ns.file, node.getName(), node);
        if (r.kind === 'const') return { kind: 'const', value: r.value, pos };
      }
      return this.unsupported(node, 'a property access');
    }
    if (N.isPrefixUnaryExpression(node)) {
      const op = node.getOperatorToken();
      const ops: Partial<Record<number, UnaryOp>> = { [K.ExclamationToken]: '!', [K.MinusToken]: '-', [K.TildeToken]: '~' };
      const u = ops[op];
      if (!u) return this.unsupported(node, 'a prefix operator inside an expression');
      const arg = this.expr(node.getOperand(), scope, frame, pre);
      if (u === '-' && arg.kind === 'const') return { kind: 'const', value: -arg.value, pos };
      return { kind: 'unary', op: u, arg, pos };
    }
    if (N.isBinaryExpression(node)) {
      const text = node.getOperatorToken().getText();
      const op = BINARY[text];
      if (!op) {
        if (text === '/') return this.unsupported(node, "'/' (TypeScript divides in floating point; use shifts or %)");
        return this.unsupported(node, `the operator '${text}'`);
      }
      const left = this.expr(node.getLeft(), scope, frame, pre);
      if ((op === '&&' || op === '||') && this.callsReference(node.getRight(), scope, frame)) {
        // Short circuit around an inlined call: t = left; if (t) t = right (`||`: if (!t)).
        const t = this.temp(frame);
        const reg: Expr = { kind: 'reg', name: t, pos };
        pre.push({ kind: 'assign', reg: t, value: left, pos });
        const inner: Stmt[] = [];
        const right = this.expr(node.getRight(), scope, frame, inner);
        inner.push({ kind: 'assign', reg: t, value: right, pos });
        const cond: Expr = op === '&&' ? reg : { kind: 'unary', op: '!', arg: reg, pos };
        pre.push({ kind: 'if', cond, then: inner, else: [], pos });
        return { kind: 'binary', op: '!=', left: reg, right: { kind: 'const', value: 0, pos }, pos };
      }
      const before = pre.length;
      const right = this.expr(node.getRight(), scope, frame, pre);
      if (pre.length > before && this.readsMemory(left)) {
        this.unsupported(node, 'an expression that reads memory before a reference-function call (split it into statements)');
      }
      return { kind: 'binary', op, left, right, pos };
    }
    if (N.isCallExpression(node)) {
      const c = this.call(node, scope, frame, pre);
      if (c.kind === 'stmts') throw new InputError(pos, `'${node.getExpression().getText()}' does not return a value`);
      return c.expr;
    }
    if (N.isConditionalExpression(node)) return this.unsupported(node, "'?:' (use if/else)");
    return this.unsupported(node, 'an expression');
  }

  private readsMemory(e: Expr): boolean {
    switch (e.kind) {
      case 'const':
      case 'addr':
      case 'reg':
        return false;
      case 'unary':
        return this.readsMemory(e.arg);
      case 'binary':
        return this.readsMemory(e.left) || this.readsMemory(e.right);
      default:
        return true;
    }
  }

  private callsReference(node: Node, scope: Scope, frame: Frame): boolean {
    const calls = this.N.isCallExpression(node) ? [node] : node.getDescendantsOfKind(this.K.CallExpression);
    return calls.some((c) => this.calleeOf(c.getExpression(), scope, frame.sf)?.kind === 'function');
  }

  /** A call: a kernel primitive (its IR) or a reference function (inlined into `pre`, its result register). */
  private call(node: Morph.CallExpression, scope: Scope, frame: Frame, pre: Stmt[]): Expansion {
    const callee = node.getExpression();
    const r = this.calleeOf(callee, scope, frame.sf);
    const pos = posOf(node, frame.fn);
    if (r?.kind === 'primitive') return this.primitive(node, r.name, r.primitive, scope, frame, pre);
    if (r?.kind === 'translation') return this.translation(node, r.name, scope, frame, pre);
    if (r?.kind === 'function') {
      const decl = this.options.substitutions?.get(r.key) ?? r.decl;
      const args = node.getArguments().map((a) => this.location(a, scope) ?? this.expr(a, scope, frame, pre));
      return { kind: 'expr', expr: this.inline(decl, args, node, pre) };
    }
    if (r?.kind === 'kernel') throw new InputError(pos, `'${r.name}' cannot be called inside a thread`);
    throw new InputError(pos, `'${callee.getText()}' is not a kernel primitive or a reference function`);
  }

  private primitive(node: Morph.CallExpression, name: string, p: Primitive, scope: Scope, frame: Frame, pre: Stmt[]): Expansion {
    const pos = posOf(node, frame.fn);
    const argNodes = node.getArguments();
    const arity = arityOf(p);
    if (argNodes.length !== arity) {
      throw new InputError(pos, `'${name}' expects ${arity} argument${arity === 1 ? '' : 's'}, got ${argNodes.length}`);
    }
    const locs = locationArgs(p);
    const args = argNodes.map((a, i): Expr => {
      if (!locs.includes(i)) return this.expr(a, scope, frame, pre);
      const cell = this.requireCell(a, scope, `'${name}'`);
      return { kind: 'addr', name: cell.name, pos: posOf(a, frame.fn) };
    });
    const expansion = expandPrimitive(name, p, args, pos, 'address');
    const site = barrierSitesOf(this.project, node.getSourceFile()).get(node.getStart());
    if (site) {
      this.sites.set(`${node.getSourceFile().getFilePath()}:${node.getStart()}`, site);
      if (site.id !== undefined) labelBarrier(expansion, site.id);
    }
    return expansion;
  }

  /** A TLB operation: its accesses and lock operations (src/scenario/translation.ts). */
  private translation(node: Morph.CallExpression, name: string, scope: Scope, frame: Frame, pre: Stmt[]): Expansion {
    const pos = posOf(node, frame.fn);
    const op = TRANSLATION_OPS[name]!;
    const argNodes = node.getArguments();
    if (argNodes.length !== op.params.length) {
      throw new InputError(pos, `'${name}' expects ${op.params.length} argument${op.params.length === 1 ? '' : 's'}, got ${argNodes.length}`);
    }
    const args = argNodes.map((a, i): TranslationArg => {
      if (op.params[i] === 'cell') return { kind: 'cell', name: this.requireCell(a, scope, `'${name}'`).name };
      const t = this.location(a, scope);
      const entry = t?.kind === 'obj' ? t.fields.get('entry') : undefined;
      const lock = t?.kind === 'obj' ? t.fields.get('lock') : undefined;
      if (entry?.kind !== 'loc' || lock?.kind !== 'loc' || lock.type !== 'spinlock_t') {
        throw new InputError(posOf(a, frame.fn), `'${name}' expects a TLB of the scenario's memory (made by tlb() or iotlb()) as argument ${i + 1}`);
      }
      return { kind: 'tlb', entry: entry.name, lock: lock.name };
    });
    const x = expandTranslation(name, args, pos, () => this.temp(frame));
    if (!x.value) return { kind: 'stmts', stmts: x.stmts };
    pre.push(...x.stmts);
    return { kind: 'expr', expr: x.value };
  }

  /** Inlines `decl` with `args` bound to its parameters; returns its result register. */
  private inline(decl: FunctionDeclaration, args: (LayoutNode | Expr)[], at: Node, pre: Stmt[]): Expr {
    const key = functionKey(decl);
    const name = decl.getName() ?? '<anonymous>';
    if (this.stack.includes(key)) throw new InputError(posOf(at), `recursive call of '${name}' cannot be inlined`);
    const params = decl.getParameters();
    if (params.length !== args.length) {
      throw new InputError(posOf(at), `'${name}' takes ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`);
    }
    const body = decl.getBody();
    if (!body || !this.N.isBlock(body)) return this.unsupported(decl, 'a function without a body');
    this.files.add(decl.getSourceFile().getFilePath());
    const prefix = `${name}#${++this.instances}`;
    const frame: Frame = {
      fn: name, sf: decl.getSourceFile(), prefix, result: `${prefix}.ret`, done: `${prefix}.done`, loopDepth: 0, regs: new Map(),
    };
    const scope = new Scope();
    params.forEach((p, i) => {
      const pname = this.paramName(p);
      const a = args[i]!;
      if (a.kind === 'loc' || a.kind === 'obj') scope.set(pname, a);
      else {
        const reg = this.reg(frame, pname, p);
        pre.push({ kind: 'assign', reg, value: a, pos: posOf(p, name) });
        scope.set(pname, { kind: 'reg', reg });
      }
    });
    this.stack.push(key);
    try {
      // Reset per call: the instance may run again in a caller's loop.
      const zero: Expr = { kind: 'const', value: 0, pos: posOf(decl, name) };
      pre.push({ kind: 'assign', reg: frame.result, value: zero, pos: zero.pos });
      if (this.loopReturns(body)) pre.push({ kind: 'assign', reg: frame.done, value: zero, pos: zero.pos });
      pre.push(...this.block(body.getStatements().map((node) => ({ node, scope })), frame));
    } finally {
      this.stack.pop();
    }
    return { kind: 'reg', name: frame.result, pos: posOf(at) };
  }

  /** The name of the function enclosing a node, for messages. */
  functionName(node: Node): string {
    return enclosingFunctionName(this.project, node);
  }
}

/** Puts barrier id `id` on every ordering construct of a primitive's expansion. */
function labelBarrier(x: Expansion, id: string): void {
  const label = (e: Expr): void => {
    if (e.kind === 'load' || e.kind === 'rmw' || e.kind === 'cmpxchg' || e.kind === 'addUnless') e.barrier = id;
    else if (e.kind === 'binary') label(e.left); // atomic_dec_and_test: (rmw == 0)
  };
  if (x.kind === 'expr') return label(x.expr);
  for (const s of x.stmts) {
    if (s.kind === 'fence' || s.kind === 'store') s.barrier = id;
    else if (s.kind === 'eval') label(s.value);
  }
}
