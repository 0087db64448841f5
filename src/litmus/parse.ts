// Recursive-descent parser for herd7's C litmus dialect (the LKMM flavour),
// producing the program IR of src/program/ir.ts.
//
//   C <name>
//   { <init entries separated by ';'> }
//   P0(<pointer params>) { <C statements> }
//   ...
//   [locations [<observables>]] [filter <prop>] [exists|~exists|forall <prop>]
//
// Name resolution inside a thread: an identifier that is a parameter denotes
// the address of the shared location of the same name; any other identifier
// is a register (registers need not be declared). Kernel primitives are
// looked up in primitives.ts.

import type {
  BinaryOp,
  CondValue,
  Expr,
  Location,
  LocationType,
  Observable,
  Program,
  Prop,
  Quantifier,
  SourcePos,
  Stmt,
  Thread,
  UnaryOp,
} from '../program/ir.js';
import { InputError } from '../program/errors.js';
import { structureGotos } from '../program/gotos.js';
import { describeToken, TokenStream, type Token } from './lexer.js';
import { arityOf, expandPrimitive, lookupPrimitive, returnsValue, type Expansion } from '../program/primitives.js';
import { expandMacro, macroReturnsValue, type MacroTable } from './def.js';

export interface ParseOptions {
  /**
   * herd's kernel-primitive macros (a `.def` file): calls expand through
   * them to herd's builtins instead of memorder's primitive table.
   */
  macros?: MacroTable;
}

/** Parses a C litmus test. Throws InputError (`file:line:col: message`) on bad input. */
export function parseLitmus(text: string, file: string, options: ParseOptions = {}): Program {
  return new LitmusParser(text, file, options.macros).parseProgram();
}

// ---------------------------------------------------------------------------
// Shared locations

interface LocationEntry {
  name: string;
  /** First appearance. */
  pos: SourcePos;
  /** Type written in the init block (`int *x = &y;`); wins over parameter types. */
  declaredType?: LocationType;
  /** Pointee type of the first thread parameter naming the location. */
  paramType?: LocationType;
  init: Location['init'];
  /** Whether the init block has an entry for it (to reject duplicates). */
  inInitBlock: boolean;
}

/** Shared locations in order of first appearance. */
class LocationTable {
  private readonly entries = new Map<string, LocationEntry>();

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry for `name`, created (type unknown, initially 0) on first mention. */
  mention(name: string, pos: SourcePos): LocationEntry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { name, pos, init: { kind: 'const', value: 0 }, inInitBlock: false };
      this.entries.set(name, entry);
    }
    return entry;
  }

  toList(): Location[] {
    return [...this.entries.values()].map((e) => ({
      name: e.name,
      // A location given no type anywhere is an int, or a pointer if it starts out holding an address.
      type: e.declaredType ?? e.paramType ?? (e.init.kind === 'addr' ? 'pointer' : 'int'),
      init: e.init,
      pos: e.pos,
    }));
  }
}

// ---------------------------------------------------------------------------
// C types

/** Words that make up an integer type (`unsigned long` etc.); all are 'int' to the model. */
const INTEGER_TYPE_WORDS = new Set([
  'int', 'long', 'short', 'char', 'unsigned', 'signed',
  // herd's C dialect: `intptr_t r = x;` may hold an address, which is a value like any other.
  'intptr_t', 'uintptr_t',
  'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
]);
const TYPE_QUALIFIERS = new Set(['const', 'volatile']);
/** Identifiers that begin a type. */
const TYPE_START_WORDS = new Set([
  ...INTEGER_TYPE_WORDS,
  ...TYPE_QUALIFIERS,
  'void',
  'atomic_t',
  'spinlock_t',
  'struct',
]);

/** C keywords with no meaning in litmus threads. */
const UNSUPPORTED_KEYWORDS = new Set([
  'switch', 'case', 'default', 'sizeof', 'typedef', 'static', 'extern',
  'enum', 'union', 'asm', '__asm__', 'typeof', '__typeof__',
]);

/** Keywords that start statements, hence cannot appear in expressions. */
const STATEMENT_KEYWORDS = new Set(['if', 'else', 'while', 'do', 'for', 'break', 'continue', 'goto', 'return']);

/** A base type as written; `void` only makes sense behind a pointer or in a cast. */
type BaseType = LocationType | 'void';

/** Binary operators by C precedence (higher binds tighter). */
const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6, '!=': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8,
  '+': 9, '-': 9,
  '*': 10, '/': 10, '%': 10,
};

/** Compound assignments `r op= e` and the binary operator they apply. */
const COMPOUND_ASSIGNMENT: Readonly<Record<string, BinaryOp>> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%',
  '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>',
};

const THREAD_NAME = /^P([0-9]+)$/;

/** A `0:r1=2;` init entry, attached to its thread once all threads are known. */
interface PendingRegInit {
  thread: number;
  reg: string;
  value: Location['init'];
  pos: SourcePos;
}

/** Per-thread naming context. */
interface ThreadScope {
  params: Set<string>;
  /** Nesting depth of loops, to reject a stray `break`. */
  loopDepth: number;
}

class LitmusParser {
  private readonly tokens: TokenStream;
  private readonly locations = new LocationTable();
  private readonly threads: Thread[] = [];
  private readonly regInits: PendingRegInit[] = [];
  private scope: ThreadScope = { params: new Set(), loopDepth: 0 };

  constructor(
    text: string,
    private readonly file: string,
    private readonly macros?: MacroTable,
  ) {
    this.tokens = new TokenStream(text, file);
  }

  parseProgram(): Program {
    const header = this.tokens.readHeader();
    // herd allows a quoted description and metadata lines after the name line.
    this.tokens.readInfoLines();

    this.parseInitBlock();
    while (this.isThreadStart()) this.threads.push(this.parseThread());
    if (this.threads.length === 0) this.fail(this.peek(), "a thread 'P0(...)'");
    this.attachRegisterInits();

    const program: Program = { file: this.file, name: header.name, locations: [], threads: this.threads, observed: [] };
    if (this.macros) program.macros = this.macros.file;
    this.parseFinalClauses(program);
    program.locations = this.locations.toList();
    return program;
  }

  // ---- token helpers ----------------------------------------------------

  private peek(k = 0): Token {
    return this.tokens.peek(k);
  }

  private next(): Token {
    return this.tokens.next();
  }

  /** Whether `t` is the punctuator or identifier `text`. */
  private is(t: Token, text: string): boolean {
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private at(text: string, k = 0): boolean {
    return this.is(this.peek(k), text);
  }

  private accept(text: string): boolean {
    if (!this.at(text)) return false;
    this.next();
    return true;
  }

  private expect(text: string): Token {
    if (!this.at(text)) this.fail(this.peek(), `'${text}'`);
    return this.next();
  }

  private expectIdent(what: string): Token {
    if (this.peek().kind !== 'ident') this.fail(this.peek(), what);
    return this.next();
  }

  /** Throws "unexpected <token> (expected <expected>)". */
  private fail(t: Token, expected: string): never {
    throw new InputError(t.pos, `unexpected ${describeToken(t)} (expected ${expected})`);
  }

  private unsupported(t: Token, construct = t.text): never {
    throw new InputError(t.pos, `unsupported construct '${construct}'`);
  }

  // ---- init block -------------------------------------------------------

  private parseInitBlock(): void {
    if (!this.at('{')) this.fail(this.peek(), "'{' (the initial state)");
    this.next();
    for (;;) {
      while (this.accept(';'));
      if (this.at('}')) break;
      this.parseInitEntry();
      if (!this.at('}') && !this.at(';')) this.fail(this.peek(), "';'");
    }
    this.expect('}');
  }

  /**
   * `int x = 1`, `int *p = &x`, `x = 1`, `atomic_t v = ATOMIC_INIT(1)`,
   * `0:r1 = 2`, `int *1:r1` (a register declared with its type: initially 0).
   */
  private parseInitEntry(): void {
    const first = this.peek();
    let declaredType: LocationType | undefined;
    if (this.isTypeStart(first)) {
      const base = this.parseBaseType();
      const stars = this.parseStars();
      declaredType = this.locationType(base, stars, first);
    }
    const threadTok = this.peek();
    if (threadTok.kind === 'number' && this.at(':', 1)) {
      this.next();
      this.next();
      const reg = this.expectIdent('a register name');
      const typed = declaredType !== undefined;
      if (!typed) this.expect('=');
      const value: Location['init'] = !typed || this.accept('=') ? this.parseInitValue() : { kind: 'const', value: 0 };
      this.regInits.push({ thread: threadTok.value!, reg: reg.text, value, pos: threadTok.pos });
      return;
    }
    const nameTok = this.expectIdent('a location name');
    const entry = this.locations.mention(nameTok.text, nameTok.pos);
    if (entry.inInitBlock) throw new InputError(nameTok.pos, `location '${nameTok.text}' is initialised twice`);
    entry.inInitBlock = true;
    if (declaredType) entry.declaredType = declaredType;
    if (this.accept('=')) entry.init = this.parseInitValue();
    else if (!declaredType) this.fail(this.peek(), "'='");
  }

  /** An integer, a location name or `&name` (its address), or `ATOMIC_INIT(v)`. */
  private parseInitValue(): Location['init'] {
    const t = this.peek();
    if (this.at('-') || t.kind === 'number') return { kind: 'const', value: this.parseSignedInteger() };
    if (this.accept('&')) return this.addressOf(this.expectIdent('a location name'));
    if (t.kind === 'ident') {
      this.next();
      if (t.text === 'ATOMIC_INIT') {
        this.expect('(');
        const value = this.parseInitValue();
        this.expect(')');
        return value;
      }
      if (t.text === 'NULL') return { kind: 'const', value: 0 };
      return this.addressOf(t);
    }
    this.fail(t, 'an initial value');
  }

  private addressOf(nameTok: Token): { kind: 'addr'; name: string } {
    this.locations.mention(nameTok.text, nameTok.pos);
    return { kind: 'addr', name: nameTok.text };
  }

  private parseSignedInteger(): number {
    const negative = this.accept('-');
    const t = this.peek();
    if (t.kind !== 'number') this.fail(t, 'an integer');
    this.next();
    return negative ? -t.value! : t.value!;
  }

  // ---- types ------------------------------------------------------------

  private isTypeStart(t: Token): boolean {
    return t.kind === 'ident' && TYPE_START_WORDS.has(t.text);
  }

  /** `int`, `unsigned long`, `atomic_t`, `spinlock_t`, `struct srcu_struct`, `void` (qualifiers ignored). */
  private parseBaseType(): BaseType {
    while (this.peek().kind === 'ident' && TYPE_QUALIFIERS.has(this.peek().text)) this.next();
    const t = this.peek();
    let base: BaseType;
    if (t.kind === 'ident' && INTEGER_TYPE_WORDS.has(t.text)) {
      while (this.peek().kind === 'ident' && INTEGER_TYPE_WORDS.has(this.peek().text)) this.next();
      base = 'int';
    } else if (this.accept('struct')) {
      const tag = this.expectIdent('a struct name');
      if (tag.text !== 'srcu_struct') throw new InputError(t.pos, `unsupported type 'struct ${tag.text}'`);
      base = 'srcu_struct';
    } else if (this.accept('atomic_t')) {
      base = 'atomic_t';
    } else if (this.accept('spinlock_t')) {
      base = 'spinlock_t';
    } else if (this.accept('void')) {
      base = 'void';
    } else {
      this.fail(t, 'a type');
    }
    while (this.peek().kind === 'ident' && TYPE_QUALIFIERS.has(this.peek().text)) this.next();
    return base;
  }

  /** Counts `*`s (and skips qualifiers between them). */
  private parseStars(): number {
    let stars = 0;
    for (;;) {
      if (this.accept('*')) stars++;
      else if (this.peek().kind === 'ident' && TYPE_QUALIFIERS.has(this.peek().text)) this.next();
      else return stars;
    }
  }

  /** The type of a location declared with `base` and `stars` stars. */
  private locationType(base: BaseType, stars: number, at: Token): LocationType {
    if (stars > 0) return 'pointer';
    if (base === 'void') throw new InputError(at.pos, "a location cannot have type 'void'");
    return base;
  }

  /** `(int **)`, `(void)`: a cast, which the model ignores. */
  private atCast(): boolean {
    return this.at('(') && this.isTypeStart(this.peek(1));
  }

  private skipCast(): void {
    this.expect('(');
    this.parseBaseType();
    this.parseStars();
    this.expect(')');
  }

  // ---- threads ----------------------------------------------------------

  private isThreadStart(): boolean {
    const t = this.peek();
    return t.kind === 'ident' && THREAD_NAME.test(t.text);
  }

  private parseThread(): Thread {
    const nameTok = this.next();
    const id = Number(THREAD_NAME.exec(nameTok.text)![1]);
    if (id !== this.threads.length) {
      throw new InputError(nameTok.pos, `expected thread P${this.threads.length}, found '${nameTok.text}'`);
    }
    // Parameters and body are C: `(*` is not a comment there.
    this.tokens.mode = 'code';
    const params = this.parseParams();
    this.scope = { params: new Set(params.map((p) => p.name)), loopDepth: 0 };
    this.expect('{');
    const body = structureGotos(this.parseStatementsUntilBrace());
    this.expect('}');
    this.tokens.mode = 'frame';
    return { id, name: nameTok.text, params, body, initRegs: [], pos: nameTok.pos };
  }

  /** `(int *x, atomic_t *v, int **p)`; each parameter names a shared location. */
  private parseParams(): Thread['params'] {
    this.expect('(');
    const params: Thread['params'] = [];
    if (this.at('void') && this.at(')', 1)) this.next();
    if (this.accept(')')) return params;
    for (;;) {
      const typeTok = this.peek();
      if (!this.isTypeStart(typeTok)) this.fail(typeTok, 'a parameter type');
      const base = this.parseBaseType();
      const stars = this.parseStars();
      const nameTok = this.expectIdent('a parameter name');
      const name = nameTok.text;
      if (stars === 0) {
        throw new InputError(nameTok.pos, `thread parameter '${name}' must be a pointer to a shared location (e.g. 'int *${name}')`);
      }
      if (params.some((p) => p.name === name)) throw new InputError(nameTok.pos, `duplicate parameter '${name}'`);
      // `int *x` denotes location x of type int; `int **p` a location holding a pointer.
      const type: LocationType = stars >= 2 ? 'pointer' : base === 'void' ? 'int' : base;
      params.push({ name, type, pos: nameTok.pos });
      const entry = this.locations.mention(name, nameTok.pos);
      entry.paramType ??= type;
      if (this.accept(')')) return params;
      if (!this.at(',')) this.fail(this.peek(), "',' or ')'");
      this.next();
    }
  }

  private attachRegisterInits(): void {
    for (const r of this.regInits) {
      const thread = this.threads[r.thread];
      if (!thread) throw new InputError(r.pos, `initial value for ${r.thread}:${r.reg}, but there is no thread P${r.thread}`);
      if (thread.initRegs.some((i) => i.reg === r.reg)) {
        throw new InputError(r.pos, `register ${r.thread}:${r.reg} is initialised twice`);
      }
      thread.initRegs.push({ reg: r.reg, value: r.value });
    }
  }

  // ---- statements -------------------------------------------------------

  private parseStatementsUntilBrace(): Stmt[] {
    const stmts: Stmt[] = [];
    while (!this.at('}')) {
      if (this.peek().kind === 'eof') this.fail(this.peek(), "'}'");
      stmts.push(...this.parseStatement());
    }
    return stmts;
  }

  /** One C statement; a block or a declaration may yield several IR statements (or none). */
  private parseStatement(): Stmt[] {
    const t = this.peek();
    if (this.accept(';')) return [];
    if (this.accept('{')) {
      const body = this.parseStatementsUntilBrace();
      this.expect('}');
      return body;
    }
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'if':
          return [this.parseIf()];
        case 'while':
          return [this.parseWhile()];
        case 'do':
          return [this.parseDoWhile()];
        case 'for':
          return this.parseFor();
        case 'break':
        case 'continue':
          this.next();
          if (this.scope.loopDepth === 0) throw new InputError(t.pos, `'${t.text}' outside a loop`);
          this.expect(';');
          return [t.text === 'break' ? { kind: 'break', pos: t.pos } : { kind: 'continue', pos: t.pos }];
        case 'goto': {
          this.next();
          const label = this.expectIdent('a label name');
          this.expect(';');
          return [{ kind: 'goto', label: label.text, pos: t.pos }];
        }
        case 'return':
          this.next();
          if (!this.at(';')) throw new InputError(t.pos, "unsupported construct 'return' with a value");
          this.expect(';');
          return [{ kind: 'return', pos: t.pos }];
        case 'else':
          this.fail(t, "a statement ('else' without 'if')");
      }
      if (UNSUPPORTED_KEYWORDS.has(t.text)) this.unsupported(t);
      if (this.at(':', 1) && !this.isTypeStart(t)) {
        this.next();
        this.next();
        return [{ kind: 'label', name: t.text, pos: t.pos }];
      }
      if (this.isTypeStart(t)) return this.parseDeclaration();
    }
    const stmts = this.parseSimpleStatement();
    this.expect(';');
    return stmts;
  }

  /**
   * A statement without its `;` (also used in `for` headers): an assignment
   * `r = e` / `*p = e`, a compound assignment or increment, a call of a
   * statement-like primitive, or an expression evaluated for its effects.
   */
  private parseSimpleStatement(): Stmt[] {
    const start = this.peek().pos;
    // `++r` / `--r`
    if (this.at('++') || this.at('--')) {
      const op: BinaryOp = this.next().text === '++' ? '+' : '-';
      const target = this.parseUnary();
      return [this.compoundAssign(target, op, { kind: 'const', value: 1, pos: start }, start)];
    }
    // `(void)` casts in front of a call are ignored.
    while (this.atCast()) this.skipCast();
    const t = this.peek();
    if (t.kind === 'ident' && this.at('(', 1)) {
      if (this.isStatementPrimitive(t.text)) {
        const expansion = this.parseCall();
        return expansion.kind === 'stmts' ? expansion.stmts : [{ kind: 'eval', value: expansion.expr, pos: start }];
      }
    }

    const target = this.parseExpression();
    if (this.accept('=')) return [this.assign(target, this.parseExpression(), start)];
    const compound = COMPOUND_ASSIGNMENT[this.peek().text];
    if (this.peek().kind === 'punct' && compound) {
      this.next();
      return [this.compoundAssign(target, compound, this.parseExpression(), start)];
    }
    if (this.at('++') || this.at('--')) {
      const op: BinaryOp = this.next().text === '++' ? '+' : '-';
      return [this.compoundAssign(target, op, { kind: 'const', value: 1, pos: start }, start)];
    }
    return [{ kind: 'eval', value: target, pos: start }];
  }

  /** `target = value`: a register assignment or a plain store through `*p`. */
  private assign(target: Expr, value: Expr, pos: SourcePos): Stmt {
    if (target.kind === 'reg') return { kind: 'assign', reg: target.name, value, pos };
    if (target.kind === 'load' && target.tag === 'plain') return { kind: 'store', addr: target.addr, value, tag: 'plain', pos };
    if (target.kind === 'addr') {
      throw new InputError(target.pos, `cannot assign to parameter '${target.name}' (write '*${target.name} = ...' to store to it)`);
    }
    throw new InputError(target.pos, 'invalid assignment target (expected a register or *pointer)');
  }

  /** `target op= value`, i.e. `target = target op value`. */
  private compoundAssign(target: Expr, op: BinaryOp, value: Expr, pos: SourcePos): Stmt {
    return this.assign(target, { kind: 'binary', op, left: target, right: value, pos }, pos);
  }

  /** `int r;`, `int r = e;`, `int *p, q = 1;`: declarations of registers. */
  private parseDeclaration(): Stmt[] {
    const start = this.peek().pos;
    this.parseBaseType();
    const stmts: Stmt[] = [];
    do {
      this.parseStars();
      const nameTok = this.expectIdent('a variable name');
      if (this.scope.params.has(nameTok.text)) {
        throw new InputError(nameTok.pos, `local variable '${nameTok.text}' shadows the parameter of the same name`);
      }
      if (this.at('[')) this.unsupported(this.peek(), 'array');
      if (this.accept('=')) stmts.push({ kind: 'assign', reg: nameTok.text, value: this.parseExpression(), pos: start });
    } while (this.accept(','));
    this.expect(';');
    return stmts;
  }

  private parseCondition(): Expr {
    this.expect('(');
    const cond = this.parseExpression();
    this.expect(')');
    return cond;
  }

  private parseIf(): Stmt {
    const ifTok = this.next();
    const cond = this.parseCondition();
    const then = this.parseStatement();
    const otherwise = this.accept('else') ? this.parseStatement() : [];
    return { kind: 'if', cond, then, else: otherwise, pos: ifTok.pos };
  }

  /** Parses a loop body, allowing `break` inside it. */
  private parseLoopBody(): Stmt[] {
    this.scope.loopDepth++;
    const body = this.parseStatement();
    this.scope.loopDepth--;
    return body;
  }

  private parseWhile(): Stmt {
    const whileTok = this.next();
    const cond = this.parseCondition();
    const body = this.parseLoopBody();
    return { kind: 'loop', cond, body, doWhile: false, pos: whileTok.pos };
  }

  private parseDoWhile(): Stmt {
    const doTok = this.next();
    const body = this.parseLoopBody();
    this.expect('while');
    const cond = this.parseCondition();
    this.expect(';');
    return { kind: 'loop', cond, body, doWhile: true, pos: doTok.pos };
  }

  /** `for (init; cond; step) body` becomes `init; while (cond) body` with `step` after each iteration. */
  private parseFor(): Stmt[] {
    const forTok = this.next();
    this.expect('(');
    let init: Stmt[] = [];
    if (this.isTypeStart(this.peek())) {
      init = this.parseDeclaration(); // consumes the ';'
    } else {
      if (!this.at(';')) init = this.parseSimpleStatement();
      this.expect(';');
    }
    const cond: Expr = this.at(';') ? { kind: 'const', value: 1, pos: this.peek().pos } : this.parseExpression();
    this.expect(';');
    const step = this.at(')') ? [] : this.parseSimpleStatement();
    this.expect(')');
    const body = this.parseLoopBody();
    const loop: Stmt = { kind: 'loop', cond, body, doWhile: false, pos: forTok.pos };
    if (step.length > 0) loop.step = step;
    return [...init, loop];
  }

  // ---- expressions ------------------------------------------------------

  private parseExpression(): Expr {
    const e = this.parseBinary(1);
    if (this.at('?')) this.unsupported(this.peek(), '?:');
    return e;
  }

  /** Precedence climbing over BINARY_PRECEDENCE; all operators are left-associative. */
  private parseBinary(minPrecedence: number): Expr {
    const start = this.peek().pos;
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const precedence = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      const right = this.parseBinary(precedence + 1);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, pos: start };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct') {
      switch (t.text) {
        case '-': {
          this.next();
          // Fold negative literals: `-1` is the constant -1.
          const n = this.peek();
          if (n.kind === 'number') {
            this.next();
            return { kind: 'const', value: -n.value!, pos: t.pos };
          }
          return { kind: 'unary', op: '-', arg: this.parseUnary(), pos: t.pos };
        }
        case '!':
        case '~':
          this.next();
          return { kind: 'unary', op: t.text as UnaryOp, arg: this.parseUnary(), pos: t.pos };
        case '*':
          // `*p`: a plain load through p (READ_ONCE etc. unwrap it to p).
          this.next();
          return { kind: 'load', addr: this.parseUnary(), tag: 'plain', pos: t.pos };
        case '&':
          this.next();
          return this.parseAddressOf(t);
        case '++':
        case '--':
          this.unsupported(t, `${t.text} inside an expression`);
      }
      if (this.atCast()) {
        this.skipCast();
        return this.parseUnary();
      }
    }
    return this.parsePostfix(this.parsePrimary());
  }

  /** `&x`: the address of shared location x. */
  private parseAddressOf(ampersand: Token): Expr {
    const nameTok = this.expectIdent("a location name after '&'");
    if (!this.scope.params.has(nameTok.text) && !this.locations.has(nameTok.text)) {
      throw new InputError(nameTok.pos, `cannot take the address of '${nameTok.text}': not a shared location`);
    }
    return { kind: 'addr', name: nameTok.text, pos: ampersand.pos };
  }

  /** Rejects member access, indexing and calls through expressions. */
  private parsePostfix(e: Expr): Expr {
    const t = this.peek();
    if (this.is(t, '[') || this.is(t, '->') || this.is(t, '.')) this.unsupported(t);
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { kind: 'const', value: t.value!, pos: t.pos };
    }
    if (this.accept('(')) {
      const e = this.parseExpression();
      this.expect(')');
      return e;
    }
    if (t.kind !== 'ident') this.fail(t, 'an expression');
    if (this.at('(', 1)) {
      const expansion = this.parseCall();
      if (expansion.kind === 'stmts') throw new InputError(t.pos, `'${t.text}' does not return a value`);
      return expansion.expr;
    }
    if (UNSUPPORTED_KEYWORDS.has(t.text)) this.unsupported(t);
    if (this.isTypeStart(t) || STATEMENT_KEYWORDS.has(t.text)) {
      this.fail(t, 'an expression');
    }
    this.next();
    if (t.text === 'NULL') return { kind: 'const', value: 0, pos: t.pos };
    if (this.scope.params.has(t.text)) return { kind: 'addr', name: t.text, pos: t.pos };
    return { kind: 'reg', name: t.text, pos: t.pos };
  }

  /** Whether `name(...)` is a primitive that yields no value (a statement). */
  private isStatementPrimitive(name: string): boolean {
    if (this.macros) {
      const m = this.macros.macros.get(name);
      return m !== undefined && !macroReturnsValue(m);
    }
    const primitive = lookupPrimitive(name);
    return primitive !== undefined && !returnsValue(primitive);
  }

  /** `name(args...)` where name is a kernel primitive (or a macro of the .def file). */
  private parseCall(): Expansion {
    const nameTok = this.next();
    const primitive = this.macros ? undefined : lookupPrimitive(nameTok.text);
    if (!primitive && !this.macros) throw new InputError(nameTok.pos, `unknown primitive '${nameTok.text}'`);
    this.expect('(');
    const args: Expr[] = [];
    if (!this.at(')')) {
      do args.push(this.parseExpression());
      while (this.accept(','));
    }
    if (!this.at(')')) this.fail(this.peek(), "',' or ')'");
    this.next();
    if (!primitive) return expandMacro(this.macros!, nameTok.text, args, nameTok.pos);
    const arity = arityOf(primitive);
    if (args.length !== arity) {
      const plural = arity === 1 ? '' : 's';
      throw new InputError(nameTok.pos, `'${nameTok.text}' expects ${arity} argument${plural}, got ${args.length}`);
    }
    return expandPrimitive(nameTok.text, primitive, args, nameTok.pos);
  }

  // ---- locations / filter / condition -----------------------------------

  private parseFinalClauses(program: Program): void {
    let sawLocations = false;
    let sawFilter = false;
    for (;;) {
      const t = this.peek();
      if (this.is(t, 'locations')) {
        if (sawLocations) throw new InputError(t.pos, "duplicate 'locations' clause");
        sawLocations = true;
        this.next();
        program.observed = this.parseLocationsList();
      } else if (this.is(t, 'filter')) {
        if (sawFilter) throw new InputError(t.pos, "duplicate 'filter' clause");
        sawFilter = true;
        this.next();
        program.filter = this.parseProp();
      } else {
        break;
      }
    }

    const t = this.peek();
    if (t.kind !== 'eof') {
      const quantifier = this.parseQuantifier();
      if (!quantifier) this.fail(t, "'exists', '~exists', 'forall', 'locations' or 'filter'");
      program.condition = { quantifier, prop: this.parseProp(), pos: t.pos };
      // herd7 takes a `;` after the condition.
      this.accept(';');
    }
    if (this.peek().kind !== 'eof') this.fail(this.peek(), 'end of file');
  }

  /** `exists`, `forall`, `~exists` / `~ exists`; undefined (nothing consumed) otherwise. */
  private parseQuantifier(): Quantifier | undefined {
    if (this.accept('exists')) return 'exists';
    if (this.accept('forall')) return 'forall';
    if (this.at('~') && this.at('exists', 1)) {
      this.next();
      this.next();
      return 'not-exists';
    }
    return undefined;
  }

  /** `[a; 0:r1; x;]` */
  private parseLocationsList(): Observable[] {
    this.expect('[');
    const observed: Observable[] = [];
    while (!this.at(']')) {
      observed.push(this.parseObservable());
      if (!this.accept(';')) break;
    }
    if (!this.at(']')) this.fail(this.peek(), "';' or ']'");
    this.next();
    return observed;
  }

  /** `N:reg`, `x` or `[x]`. */
  private parseObservable(): Observable {
    const t = this.peek();
    if (t.kind === 'number' && this.at(':', 1)) return this.parseRegisterObservable();
    if (this.accept('[')) {
      const nameTok = this.expectIdent('a location name');
      this.expect(']');
      return this.memoryObservable(nameTok);
    }
    if (t.kind === 'ident') return this.memoryObservable(this.next());
    this.fail(t, "a register 'N:reg' or a location name");
  }

  private parseRegisterObservable(): Observable {
    const threadTok = this.next();
    this.expect(':');
    const regTok = this.expectIdent('a register name');
    const thread = threadTok.value!;
    if (!this.threads[thread]) throw new InputError(threadTok.pos, `no thread P${thread} in this test`);
    return { kind: 'reg', thread, reg: regTok.text };
  }

  private memoryObservable(nameTok: Token): Observable {
    this.locations.mention(nameTok.text, nameTok.pos);
    return { kind: 'mem', name: nameTok.text };
  }

  /** Condition grammar: `~`/`not` > `/\` > `\/` > `=>` (right-associative). */
  private parseProp(): Prop {
    const left = this.parseDisjunction();
    if (this.accept('=>')) return { kind: 'implies', left, right: this.parseProp() };
    return left;
  }

  private parseDisjunction(): Prop {
    const args = [this.parseConjunction()];
    while (this.accept('\\/')) args.push(this.parseConjunction());
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  }

  private parseConjunction(): Prop {
    const args = [this.parseNegation()];
    while (this.accept('/\\')) args.push(this.parseNegation());
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  }

  private parseNegation(): Prop {
    if (this.accept('~') || this.accept('not')) return { kind: 'not', arg: this.parseNegation() };
    return this.parseAtom();
  }

  private parseAtom(): Prop {
    const t = this.peek();
    if (this.accept('(')) {
      const p = this.parseProp();
      this.expect(')');
      return p;
    }
    if (this.is(t, 'true') && !this.at('=', 1)) {
      this.next();
      return { kind: 'true' };
    }
    if (this.is(t, 'false') && !this.at('=', 1)) {
      this.next();
      return { kind: 'false' };
    }
    if (!(t.kind === 'number' || t.kind === 'ident' || this.is(t, '['))) {
      this.fail(t, "a condition (e.g. '0:r1=1' or 'x=2')");
    }
    const left = this.parseObservable();
    const negated = this.accept('!=');
    if (!negated && !this.accept('=') && !this.accept('==')) this.fail(this.peek(), "'=' or '!='");
    const eq: Prop = { kind: 'eq', left, right: this.parseConditionValue(), pos: t.pos };
    return negated ? { kind: 'not', arg: eq } : eq;
  }

  /** Right side of `=`: an integer, a location name (its address), `N:reg` or `[x]`. */
  private parseConditionValue(): CondValue | Observable {
    const t = this.peek();
    if (t.kind === 'number' && this.at(':', 1)) return this.parseRegisterObservable();
    if (t.kind === 'number' || this.is(t, '-')) return { kind: 'const', value: this.parseSignedInteger() };
    if (this.accept('[')) {
      const nameTok = this.expectIdent('a location name');
      this.expect(']');
      return this.memoryObservable(nameTok);
    }
    if (this.accept('&')) return this.addressOf(this.expectIdent('a location name'));
    if (t.kind === 'ident') return this.addressOf(this.next());
    this.fail(t, "a value (an integer, a location or 'N:reg')");
  }
}
