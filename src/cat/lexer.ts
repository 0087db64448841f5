// Tokenizer for cat files.
//
// Identifiers may contain `-` and `.` after the first character, so `po-loc`
// and `a-b` are single identifiers (as in herd7); operators therefore need
// surrounding space or punctuation only when they could be read as part of
// a name. Comments are `(* ... *)`, nestable. `//` line comments are not in
// herd's documented syntax but every LKMM file starts with an SPDX line
// written that way, so they are skipped too.

import { InputError } from '../program/errors.js';
import type { SourcePos } from './ast.js';

export type TokenKind =
  | 'ident' // po-loc, Rcu-lock, _ (the universe)
  | 'keyword' // let, acyclic, ... (see KEYWORDS)
  | 'string' // "..." without the quotes
  | 'tag' // 'once (bell enums), without the quote
  | 'zero' // 0
  | 'punct' // operators and brackets
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  pos: SourcePos;
}

/**
 * Reserved words. Besides the supported ones, this lists herd constructs
 * that the parser rejects by name (`procedure`, `forall`, ...), so that they
 * fail with "unsupported" rather than as an unknown identifier.
 */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'let', 'rec', 'and', 'in', 'as',
  'if', 'then', 'else', 'try', 'with', 'from',
  'fun', 'match', 'begin', 'end',
  'include', 'show', 'unshow',
  'acyclic', 'irreflexive', 'empty', 'flag',
  'enum', 'instructions', 'default',
  'procedure', 'call', 'forall', 'do', 'requires', 'debug',
]);

/** Multi-character operators first, so that the longest match wins. */
const PUNCTUATION = ['^-1', '++', '||', '->', '|', '&', '\\', ';', '*', '+', '?', '~', '(', ')', '[', ']', '{', '}', ',', '='];

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_.\-]/.test(c);

export function tokenize(text: string, file: string): Token[] {
  return new Lexer(text, file).run();
}

class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  run(): Token[] {
    for (;;) {
      this.skipSpaceAndComments();
      const pos = this.pos();
      if (this.i >= this.text.length) {
        this.tokens.push({ kind: 'eof', text: '', pos });
        return this.tokens;
      }
      this.tokens.push(this.next(pos));
    }
  }

  private next(pos: SourcePos): Token {
    const c = this.text[this.i]!;
    if (isIdentStart(c)) {
      const word = this.takeWhile(isIdentChar);
      return { kind: KEYWORDS.has(word) ? 'keyword' : 'ident', text: word, pos };
    }
    if (/[0-9]/.test(c)) {
      const digits = this.takeWhile((d) => /[0-9]/.test(d));
      if (digits !== '0') throw new InputError(pos, `unexpected number '${digits}' (only 0, the empty relation, is cat syntax)`);
      return { kind: 'zero', text: digits, pos };
    }
    if (c === '"') return { kind: 'string', text: this.stringLiteral(pos), pos };
    if (c === "'") {
      this.advance(1);
      const name = this.takeWhile(isIdentChar);
      if (name === '') throw new InputError(pos, "expected a tag name after '");
      return { kind: 'tag', text: name, pos };
    }
    for (const p of PUNCTUATION) {
      if (this.text.startsWith(p, this.i)) {
        this.advance(p.length);
        return { kind: 'punct', text: p, pos };
      }
    }
    if (c === '^') throw new InputError(pos, "expected '^-1'");
    throw new InputError(pos, `unexpected character '${c}'`);
  }

  private stringLiteral(pos: SourcePos): string {
    this.advance(1);
    const start = this.i;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === '\n') break;
      this.advance(1);
    }
    if (this.text[this.i] !== '"') throw new InputError(pos, 'unterminated string literal');
    const s = this.text.slice(start, this.i);
    this.advance(1);
    return s;
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) return;
      if (/\s/.test(c)) this.advance(1);
      else if (this.text.startsWith('(*', this.i)) this.skipBlockComment();
      else if (this.text.startsWith('//', this.i)) this.takeWhile((d) => d !== '\n');
      else return;
    }
  }

  /** `(* ... *)`, with nesting. */
  private skipBlockComment(): void {
    const start = this.pos();
    let depth = 0;
    do {
      if (this.i >= this.text.length) throw new InputError(start, 'unterminated comment');
      if (this.text.startsWith('(*', this.i)) {
        depth++;
        this.advance(2);
      } else if (this.text.startsWith('*)', this.i)) {
        depth--;
        this.advance(2);
      } else this.advance(1);
    } while (depth > 0);
  }

  private takeWhile(ok: (c: string) => boolean): string {
    const start = this.i;
    while (this.i < this.text.length && ok(this.text[this.i]!)) this.advance(1);
    return this.text.slice(start, this.i);
  }

  private advance(count: number): void {
    for (let k = 0; k < count; k++) {
      if (this.text[this.i] === '\n') {
        this.line++;
        this.col = 1;
      } else this.col++;
      this.i++;
    }
  }

  private pos(): SourcePos {
    return { file: this.file, line: this.line, col: this.col };
  }
}
