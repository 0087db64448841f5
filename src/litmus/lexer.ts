// Tokenizer for herd7's C litmus dialect.
//
// A litmus file mixes two languages: the herd "frame" (the `C name` header,
// the init block, `locations`, `filter` and the final condition), where
// comments are OCaml-style `(* ... *)`, and C thread bodies, where `(*` is
// ordinary code (`READ_ONCE(*x)`). The lexer therefore has two modes and
// the parser switches between them; C comments (`/* */`, `//`) are accepted
// in both. The frame also needs herd's connectives `/\`, `\/` and `=>`.

import type { SourcePos } from '../program/ir.js';
import { InputError } from '../program/errors.js';

export type TokenKind = 'ident' | 'number' | 'punct' | 'string' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for `number`, the literal as written; for `eof`, ''). */
  text: string;
  /** Numeric value of a `number` token. */
  value?: number;
  pos: SourcePos;
  /** Where the token ends, so the stream can rewind after a mode switch. */
  end: Cursor;
}

/** `frame`: herd's own syntax, `(* *)` is a comment. `code`: C thread bodies. */
export type LexMode = 'frame' | 'code';

interface Cursor {
  offset: number;
  line: number;
  col: number;
}

/** Multi-character punctuators, longest first so that the first match wins. */
const PUNCTUATORS = [
  '<<=', '>>=',
  '/\\', '\\/', '=>', '->', '++', '--',
  '==', '!=', '<=', '>=', '&&', '||', '<<', '>>',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '{', '}', '(', ')', '[', ']', ';', ',', ':', '.', '?',
  '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Human-readable rendering of a token for error messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'string':
      return `string ${t.text}`;
    default:
      return `token '${t.text}'`;
  }
}

/**
 * A token stream with arbitrary lookahead. Tokens are produced lazily in the
 * current mode; changing the mode discards any lookahead and re-lexes from
 * the end of the last consumed token.
 */
export class TokenStream {
  private cursor: Cursor = { offset: 0, line: 1, col: 1 };
  private lookahead: Token[] = [];
  /** End of the last consumed token (rewind point for mode switches). */
  private consumedEnd: Cursor = { offset: 0, line: 1, col: 1 };
  private currentMode: LexMode = 'frame';

  constructor(
    private readonly text: string,
    readonly file: string,
  ) {}

  get mode(): LexMode {
    return this.currentMode;
  }

  set mode(mode: LexMode) {
    if (mode === this.currentMode) return;
    this.currentMode = mode;
    if (this.lookahead.length > 0) {
      this.lookahead = [];
      this.cursor = { ...this.consumedEnd };
    }
  }

  /** The token `k` positions ahead (0 = next), without consuming it. */
  peek(k = 0): Token {
    while (this.lookahead.length <= k) this.lookahead.push(this.lex());
    return this.lookahead[k]!;
  }

  next(): Token {
    const t = this.peek();
    this.lookahead.shift();
    this.consumedEnd = t.end;
    return t;
  }

  posAt(c: Cursor): SourcePos {
    return { file: this.file, line: c.line, col: c.col };
  }

  /**
   * Reads the `C name` header: skips blank space and comments, expects the
   * word `C`, and returns the rest of that line (names contain `+ . -`).
   * Must be called before any token is peeked.
   */
  readHeader(): { name: string; pos: SourcePos } {
    this.skipTrivia();
    const start = { ...this.cursor };
    const rest = this.text.slice(start.offset);
    const m = /^C[ \t]+([^\r\n]*)/.exec(rest);
    if (!m || m[1]!.trim() === '') {
      const word = /^\S*/.exec(rest)![0];
      const found = word === '' ? 'end of file' : `'${word}'`;
      throw new InputError(
        this.posAt(start),
        `expected a 'C <name>' header line, found ${found} (only C litmus tests are supported)`,
      );
    }
    this.advance(m[0].length);
    this.consumedEnd = { ...this.cursor };
    return { name: m[1]!.trim(), pos: this.posAt(start) };
  }

  /**
   * Skips what herd7 reads between the header line and the initial state:
   * a quoted description, diy's metadata lines (`Cycle=...`, `Relax=...`,
   * `Safe=...`, `Prefetch=...`, `Com=...`, `Orig=...`) and any other line
   * that does not start with `{`, as herd7 does (their content carries no
   * meaning for the test). Returns the metadata as `key -> value`.
   * Must be called right after readHeader.
   */
  readInfoLines(): Map<string, string> {
    const info = new Map<string, string>();
    for (;;) {
      this.skipTrivia();
      const c = this.ch();
      if (c === '' || c === '{') break;
      const lineEnd = this.text.indexOf('\n', this.cursor.offset);
      const line = this.text.slice(this.cursor.offset, lineEnd < 0 ? this.text.length : lineEnd);
      // A thread or the final clauses: the initial state is missing (the parser says so).
      if (/^(P[0-9]+[ \t]*\(|(~[ \t]*)?exists\b|forall\b|locations\b|filter\b)/.test(line)) break;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(.*)$/.exec(line.trimEnd());
      if (m) info.set(m[1]!, m[2]!.trim());
      this.advance(line.length);
    }
    this.consumedEnd = { ...this.cursor };
    return info;
  }

  // ---- character level -------------------------------------------------

  private ch(ahead = 0): string {
    return this.text[this.cursor.offset + ahead] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.cursor.offset);
  }

  private advance(n: number): void {
    for (let i = 0; i < n; i++) {
      const c = this.text[this.cursor.offset];
      if (c === undefined) return;
      this.cursor.offset++;
      if (c === '\n') {
        this.cursor.line++;
        this.cursor.col = 1;
      } else {
        this.cursor.col++;
      }
    }
  }

  /** Skips whitespace and the comments valid in the current mode. */
  private skipTrivia(): void {
    for (;;) {
      const c = this.ch();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        this.advance(1);
      } else if (this.startsWith('//')) {
        while (this.ch() !== '' && this.ch() !== '\n') this.advance(1);
      } else if (this.startsWith('/*')) {
        this.skipBlockComment('/*', '*/', false);
      } else if (this.currentMode === 'frame' && this.startsWith('(*')) {
        this.skipBlockComment('(*', '*)', true);
      } else {
        return;
      }
    }
  }

  /** Skips a comment from `open` to `close`; OCaml-style comments nest. */
  private skipBlockComment(open: string, close: string, nests: boolean): void {
    const start = this.posAt(this.cursor);
    this.advance(open.length);
    let depth = 1;
    while (depth > 0) {
      if (this.ch() === '') throw new InputError(start, `unterminated comment (missing '${close}')`);
      if (this.startsWith(close)) {
        this.advance(close.length);
        depth--;
      } else if (nests && this.startsWith(open)) {
        this.advance(open.length);
        depth++;
      } else {
        this.advance(1);
      }
    }
  }

  // ---- token level -----------------------------------------------------

  private lex(): Token {
    this.skipTrivia();
    const start = { ...this.cursor };
    const pos = this.posAt(start);
    const make = (kind: TokenKind, text: string, value?: number): Token => {
      this.advance(text.length);
      const t: Token = { kind, text, pos, end: { ...this.cursor } };
      if (value !== undefined) t.value = value;
      return t;
    };
    const c = this.ch();
    if (c === '') return { kind: 'eof', text: '', pos, end: { ...this.cursor } };

    if (IDENT_START.test(c)) {
      let n = 1;
      while (IDENT_PART.test(this.ch(n))) n++;
      return make('ident', this.text.slice(start.offset, start.offset + n));
    }

    if (DIGIT.test(c)) {
      const rest = this.text.slice(start.offset);
      const m = /^(0[xX][0-9A-Fa-f]+|[0-9]+)/.exec(rest)!;
      if (IDENT_PART.test(rest[m[0].length] ?? '')) {
        const bad = /^[0-9A-Za-z_]+/.exec(rest)![0];
        throw new InputError(pos, `malformed number '${bad}'`);
      }
      return make('number', m[0], Number(m[0]));
    }

    if (c === '"') {
      const end = this.text.indexOf('"', start.offset + 1);
      const nl = this.text.indexOf('\n', start.offset + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw new InputError(pos, 'unterminated string');
      return make('string', this.text.slice(start.offset, end + 1));
    }

    for (const p of PUNCTUATORS) {
      if (this.startsWith(p)) return make('punct', p);
    }
    throw new InputError(pos, `unexpected character '${c}'`);
  }
}
