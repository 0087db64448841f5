// Syntax tree of the supported subset of herd7's `cat` language (see
// parser.ts for the grammar). Every node carries the position of the token
// that names it, for error messages: binary and postfix nodes point at their
// operator, everything else at its first token.

import type { SourcePos } from '../program/ir.js';

export type { SourcePos };

export type BinaryOp = '|' | '&' | '\\' | ';' | '*';
export type PostfixOp = '^-1' | '+' | '*' | '?';
export type CheckKind = 'acyclic' | 'irreflexive' | 'empty';

/** `name = body`, or a function `name(p1, p2) = body` when `params` is set. */
export interface Binding {
  name: string;
  params?: string[];
  body: Expr;
  pos: SourcePos;
}

export type Expr =
  | { kind: 'name'; name: string; pos: SourcePos }
  /**
   * An empty value whose kind cannot be known from the literal alone: `0` is
   * written for relations (`hint: 'rel'`), `{}` for sets. The evaluator treats
   * it as whichever kind the context needs; the hint only decides `~0` / `~{}`.
   */
  | { kind: 'empty'; hint: 'set' | 'rel'; pos: SourcePos }
  /** `_`: all events. */
  | { kind: 'universe'; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'postfix'; op: PostfixOp; arg: Expr; pos: SourcePos }
  /** `~e`: complement of a set or of a relation. */
  | { kind: 'complement'; arg: Expr; pos: SourcePos }
  /** `[S]`: the identity relation on the set S. */
  | { kind: 'identity'; arg: Expr; pos: SourcePos }
  /** `f(e1, e2)`: a user function or a builtin (domain, range, fencerel). */
  | { kind: 'call'; callee: string; args: Expr[]; pos: SourcePos }
  /** `let [rec] x = e and ... in body`. */
  | { kind: 'let'; rec: boolean; bindings: Binding[]; body: Expr; pos: SourcePos }
  /** `if "variant" then e1 else e2`. */
  | { kind: 'if'; variant: string; then: Expr; else: Expr; pos: SourcePos }
  /** `try e with fallback`: fallback is used when e names something undefined. */
  | { kind: 'try'; body: Expr; fallback: Expr; pos: SourcePos };

export type Statement =
  | { kind: 'let'; rec: boolean; bindings: Binding[]; pos: SourcePos }
  | { kind: 'include'; path: string; pos: SourcePos }
  | {
      kind: 'check';
      check: CheckKind;
      negated: boolean;
      flag: boolean;
      expr: Expr;
      name?: string;
      pos: SourcePos;
    };

/** A parsed `.cat` or `.bell` file. `show`, `enum` and `instructions` lines are dropped. */
export interface CatModel {
  file: string;
  /** The leading string literal, e.g. "Linux-kernel memory consistency model". */
  title?: string;
  statements: Statement[];
}
