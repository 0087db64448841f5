// Recursive-descent parser for the supported subset of herd7's cat language.
//
//   model     ::= [ident] [string] statement*
//   statement ::= 'let' ['rec'] binding ('and' binding)*
//               | 'include' string
//               | ['flag'] ['~'] ('acyclic' | 'irreflexive' | 'empty') expr ['as' ident]
//               | ('show' | 'unshow') expr ['as' ident] (',' expr ['as' ident])*   (ignored)
//               | 'enum' ident '=' tag ('||' tag)*                                  (ignored)
//               | 'instructions' ident '[' ... ']'                                   (ignored)
//   binding   ::= ident ['(' ident (',' ident)* ')' | ident] '=' expr
//
// Expressions, loosest to tightest (herd's precedences):
//
//   union   ::= seq ('|' seq)*
//   seq     ::= diff (';' diff)*
//   diff    ::= inter ('\' inter)*          left-associative
//   inter   ::= cart ('&' cart)*
//   cart    ::= prefix ('*' prefix)*         cartesian product of sets
//   prefix  ::= '~' prefix | postfix
//   postfix ::= primary ('^-1' | '+' | '*' | '?')*
//   primary ::= ident | ident '(' args ')' | '0' | '{' '}' | '_' | '(' expr ')' | '[' expr ']'
//             | 'let' ['rec'] binding ('and' binding)* 'in' expr
//             | 'if' string 'then' expr 'else' expr
//             | 'try' expr 'with' expr
//
// `*` is both postfix (reflexive-transitive closure) and infix (product). It
// is infix exactly when the token after it can start an operand; a keyword
// (the next statement, `as`, `in`, ...), `)`, `;`, `|` etc. make it postfix.

import { InputError } from '../program/errors.js';
import type { Binding, CatModel, CheckKind, Expr, PostfixOp, Statement } from './ast.js';
import { tokenize, type Token } from './lexer.js';

export function parseCat(text: string, file: string): CatModel {
  return new Parser(tokenize(text, file), file).model();
}

const CHECK_KINDS: ReadonlySet<string> = new Set(['acyclic', 'irreflexive', 'empty']);

/** herd constructs recognised only to be rejected, with the name used in the error. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['procedure', 'procedure'],
  ['call', 'call'],
  ['forall', 'forall'],
  ['do', 'do'],
  ['end', 'end'],
  ['from', 'with ... from'],
  ['with', 'with ... from'],
  ['map', 'map'],
  ['cross', 'cross'],
  ['fun', 'fun'],
  ['match', 'match'],
  ['begin', 'begin ... end'],
  ['++', '++'],
]);

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  // ------------------------------------------------------------ model

  model(): CatModel {
    const title = this.title();
    const statements: Statement[] = [];
    while (this.peek().kind !== 'eof') {
      const s = this.statement();
      if (s) statements.push(s);
    }
    return { file: this.file, title, statements };
  }

  /** Optional `[name] "title"` at the start of a file. */
  private title(): string | undefined {
    if (this.peek().kind === 'ident' && this.peek(1).kind === 'string') this.i++;
    if (this.peek().kind === 'string') return this.take().text;
    return undefined;
  }

  // ------------------------------------------------------------ statements

  /** One statement, or undefined for the ignored ones (show, enum, ...). */
  private statement(): Statement | undefined {
    const t = this.peek();
    if (this.isKeyword(t, 'let')) return this.letStatement();
    if (this.isKeyword(t, 'include')) {
      this.take();
      return { kind: 'include', path: this.expect('string', 'a file name string').text, pos: t.pos };
    }
    if (this.isKeyword(t, 'flag') || this.isPunct(t, '~') || (t.kind === 'keyword' && CHECK_KINDS.has(t.text))) {
      return this.check();
    }
    if (this.isKeyword(t, 'show') || this.isKeyword(t, 'unshow')) return this.skipShow();
    if (this.isKeyword(t, 'enum')) return this.skipEnum();
    if (this.isKeyword(t, 'instructions')) return this.skipInstructions();
    this.rejectUnsupported(t);
    throw this.unexpected(t, 'a statement');
  }

  private letStatement(): Statement {
    const pos = this.take().pos;
    const rec = this.acceptKeyword('rec');
    const bindings = this.bindings();
    if (this.isKeyword(this.peek(), 'in')) throw this.unexpected(this.peek(), 'a statement');
    return { kind: 'let', rec, bindings, pos };
  }

  private check(): Statement {
    const pos = this.peek().pos;
    const flag = this.acceptKeyword('flag');
    const negated = this.acceptPunct('~');
    const t = this.take();
    if (t.kind !== 'keyword' || !CHECK_KINDS.has(t.text)) throw this.unexpected(t, "'acyclic', 'irreflexive' or 'empty'");
    const expr = this.expr();
    const name = this.acceptKeyword('as') ? this.expect('ident', 'a check name').text : undefined;
    return { kind: 'check', check: t.text as CheckKind, negated, flag, expr, name, pos };
  }

  /** `show a, b` / `show e as name`: display directives, parsed and dropped. */
  private skipShow(): undefined {
    this.take();
    do {
      this.expr();
      if (this.acceptKeyword('as')) this.expect('ident', 'a name');
    } while (this.acceptPunct(','));
    return undefined;
  }

  /** `enum Name = 'a || 'b`: the tag sets come from the environment instead. */
  private skipEnum(): undefined {
    this.take();
    this.expect('ident', 'an enum name');
    this.expectPunct('=');
    do this.expect('tag', "a tag ('name)");
    while (this.acceptPunct('||'));
    return undefined;
  }

  /** `instructions R[...]`: skipped up to the matching bracket. */
  private skipInstructions(): undefined {
    this.take();
    this.expect('ident', 'an instruction class');
    const open = this.expectPunct('[');
    for (let depth = 1; depth > 0; ) {
      const t = this.take();
      if (t.kind === 'eof') throw new InputError(open.pos, "unclosed '['");
      if (this.isPunct(t, '[')) depth++;
      if (this.isPunct(t, ']')) depth--;
    }
    return undefined;
  }

  private bindings(): Binding[] {
    const out = [this.binding()];
    while (this.acceptKeyword('and')) out.push(this.binding());
    return out;
  }

  /** `x = e`, `f(a, b) = e` or `f a = e`. */
  private binding(): Binding {
    const nameTok = this.expect('ident', 'a name');
    let params: string[] | undefined;
    if (this.acceptPunct('(')) {
      params = [this.expect('ident', 'a parameter name').text];
      while (this.acceptPunct(',')) params.push(this.expect('ident', 'a parameter name').text);
      this.expectPunct(')');
    } else if (this.peek().kind === 'ident') {
      params = [this.take().text];
    }
    this.expectPunct('=');
    return { name: nameTok.text, params, body: this.expr(), pos: nameTok.pos };
  }

  // ------------------------------------------------------------ expressions

  private expr(): Expr {
    return this.union();
  }

  private union(): Expr {
    let left = this.seq();
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '++')) this.rejectUnsupported(t);
      if (!this.acceptPunct('|')) return left;
      left = { kind: 'binary', op: '|', left, right: this.seq(), pos: t.pos };
    }
  }

  private seq(): Expr {
    return this.leftAssoc(';', () => this.diff());
  }

  private diff(): Expr {
    return this.leftAssoc('\\', () => this.inter());
  }

  private inter(): Expr {
    return this.leftAssoc('&', () => this.cart());
  }

  /** Only the infix `*` reaches here: postfix() already took every postfix one. */
  private cart(): Expr {
    return this.leftAssoc('*', () => this.prefix());
  }

  private leftAssoc(op: ';' | '\\' | '&' | '*', operand: () => Expr): Expr {
    let left = operand();
    for (;;) {
      const t = this.peek();
      if (!this.isPunct(t, op)) return left;
      this.take();
      left = { kind: 'binary', op, left, right: operand(), pos: t.pos };
    }
  }

  private prefix(): Expr {
    const t = this.peek();
    if (this.acceptPunct('~')) return { kind: 'complement', arg: this.prefix(), pos: t.pos };
    return this.postfix();
  }

  private postfix(): Expr {
    let arg = this.primary();
    for (;;) {
      const t = this.peek();
      const op = this.postfixOperator(t);
      if (!op) return arg;
      this.take();
      arg = { kind: 'postfix', op, arg, pos: t.pos };
    }
  }

  private postfixOperator(t: Token): PostfixOp | undefined {
    if (t.kind !== 'punct') return undefined;
    if (t.text === '^-1' || t.text === '+' || t.text === '?') return t.text;
    if (t.text === '*' && !this.startsOperand(this.i + 1)) return '*';
    return undefined;
  }

  /** Whether the token at index j can begin an operand (decides infix `*`). */
  private startsOperand(j: number): boolean {
    const t = this.tokens[j]!;
    if (t.kind === 'ident' || t.kind === 'zero') return true;
    if (t.kind !== 'punct') return false;
    if (t.text === '~') {
      // `~acyclic ...` after a postfix star is the next (negated) check.
      const after = this.tokens[j + 1]!;
      return !(after.kind === 'keyword' && CHECK_KINDS.has(after.text));
    }
    return t.text === '(' || t.text === '[' || t.text === '{';
  }

  private primary(): Expr {
    const t = this.take();
    const pos = t.pos;
    switch (t.kind) {
      case 'zero':
        return { kind: 'empty', hint: 'rel', pos };
      case 'ident':
        if (t.text === '_') return { kind: 'universe', pos };
        if (this.isPunct(this.peek(), '(')) return this.call(t);
        return { kind: 'name', name: t.text, pos };
      case 'keyword':
        return this.keywordExpr(t);
      case 'punct':
        return this.bracketed(t);
      default:
        throw this.unexpected(t, 'an expression');
    }
  }

  private call(callee: Token): Expr {
    this.expectPunct('(');
    const args = [this.expr()];
    while (this.acceptPunct(',')) args.push(this.expr());
    this.expectPunct(')');
    return { kind: 'call', callee: callee.text, args, pos: callee.pos };
  }

  private bracketed(t: Token): Expr {
    const pos = t.pos;
    switch (t.text) {
      case '(': {
        const e = this.expr();
        this.expectPunct(')');
        return e;
      }
      case '[': {
        const arg = this.expr();
        this.expectPunct(']');
        return { kind: 'identity', arg, pos };
      }
      case '{':
        if (!this.acceptPunct('}')) throw new InputError(pos, "unsupported cat construct 'set literal {...}'");
        return { kind: 'empty', hint: 'set', pos };
      default:
        this.rejectUnsupported(t);
        throw this.unexpected(t, 'an expression');
    }
  }

  private keywordExpr(t: Token): Expr {
    const pos = t.pos;
    switch (t.text) {
      case 'let': {
        const rec = this.acceptKeyword('rec');
        const bindings = this.bindings();
        this.expectKeyword('in');
        return { kind: 'let', rec, bindings, body: this.expr(), pos };
      }
      case 'if': {
        const variant = this.expect('string', 'a variant name string').text;
        this.expectKeyword('then');
        const then = this.expr();
        this.expectKeyword('else');
        return { kind: 'if', variant, then, else: this.expr(), pos };
      }
      case 'try': {
        const body = this.expr();
        this.expectKeyword('with');
        return { kind: 'try', body, fallback: this.expr(), pos };
      }
      default:
        this.rejectUnsupported(t);
        throw this.unexpected(t, 'an expression');
    }
  }

  // ------------------------------------------------------------ tokens

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private take(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'keyword' && t.text === word;
  }

  private isPunct(t: Token, p: string): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(this.peek(), word)) return false;
    this.i++;
    return true;
  }

  private acceptPunct(p: string): boolean {
    if (!this.isPunct(this.peek(), p)) return false;
    this.i++;
    return true;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.unexpected(t, what);
    return this.take();
  }

  private expectKeyword(word: string): Token {
    const t = this.peek();
    if (!this.isKeyword(t, word)) throw this.unexpected(t, `'${word}'`);
    return this.take();
  }

  private expectPunct(p: string): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) throw this.unexpected(t, `'${p}'`);
    return this.take();
  }

  /** Throws the "unsupported" error when t starts a known but unsupported construct. */
  private rejectUnsupported(t: Token): void {
    const name = t.kind === 'keyword' || t.kind === 'punct' ? UNSUPPORTED.get(t.text) : undefined;
    if (name) throw new InputError(t.pos, `unsupported cat construct '${name}'`);
  }

  private unexpected(t: Token, expected: string): InputError {
    const found = t.kind === 'eof' ? 'end of file' : t.kind === 'string' ? `"${t.text}"` : `'${t.text}'`;
    return new InputError(t.pos, `expected ${expected}, found ${found}`);
  }
}

