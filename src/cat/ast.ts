// Syntax tree of the supported subset of herd7's `cat` language (see
// parser.ts for the grammar). Every node carries the position of the token
// that names it, for error messages: binary and postfix nodes point at their
// operator, everything else at its first token.

import type { SourcePos } from '../program/ir.js';

export type { SourcePos };

export type BinaryOp = '|' | '&' | '\\' | ';' | '*';
export type PostfixOp = '^-1' | '+' | '*' | '?';
export type CheckKind = 'acyclic' | 'irreflexive' | 'empty';

/**
 * `name = body`, or a function `name(p1, p2) = body` / `name p = body` when
 * `params` is set. A parameter written `_` binds nothing.
 */
export interface Binding {
  name: string;
  params?: string[];
  body: Expr;
  pos: SourcePos;
}

/** One clause `'tag -> body` of a `match` on tags. */
export interface TagClause {
  tag: string;
  body: Expr;
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
  /**
   * `f(e1, e2)` or `f e`: applies the function named `callee` to its
   * argument (several arguments are one tuple, as in herd).
   */
  | { kind: 'call'; callee: string; args: Expr[]; pos: SourcePos }
  /** `(f e1) e2`: applies the function value `fn` (curried application). */
  | { kind: 'apply'; fn: Expr; args: Expr[]; pos: SourcePos }
  /** `fun x -> e`, `fun (x, y) -> e`. */
  | { kind: 'fun'; params: string[]; body: Expr; pos: SourcePos }
  /** `(e1, e2, ...)`. */
  | { kind: 'tuple'; items: Expr[]; pos: SourcePos }
  /** `{e1, e2, ...}` (at least one element): a set of events, a relation of pairs, or a set of values. */
  | { kind: 'set'; items: Expr[]; pos: SourcePos }
  /** `e ++ s`: s with the element e added. */
  | { kind: 'add'; elem: Expr; to: Expr; pos: SourcePos }
  /** `'name`: a tag of an `enum`. */
  | { kind: 'tag'; name: string; pos: SourcePos }
  /** `match e with 'a -> e1 || 'b -> e2 || _ -> e3 end`. */
  | { kind: 'match'; scrutinee: Expr; clauses: TagClause[]; otherwise?: Expr; pos: SourcePos }
  /** `match s with {} -> e1 || x ++ xs -> e2 end`: empty or not, with one element picked. */
  | { kind: 'matchSet'; scrutinee: Expr; ifEmpty: Expr; elem: string; rest: string; body: Expr; pos: SourcePos }
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
    }
  /** `with x from e`: one execution per member of e, with x bound to it. */
  | { kind: 'with'; name: string; expr: Expr; pos: SourcePos }
  /** `enum Name = 'a || 'b`: declares tags; `Name` is the set of them. */
  | { kind: 'enum'; name: string; tags: string[]; pos: SourcePos }
  /**
   * `instructions R[Accesses]` (bell files): which annotations events of a
   * class may carry. herd defines one event set per annotation so declared
   * (see src/engine/models.ts); the statement itself does nothing when run.
   */
  | { kind: 'instructions'; cls: string; args: Expr[]; pos: SourcePos };

/** A parsed `.cat` or `.bell` file. `show` lines are dropped. */
export interface CatModel {
  file: string;
  /** The leading string literal, e.g. "Linux-kernel memory consistency model". */
  title?: string;
  /** Header options after the title: `withco`, `withoutco`, `withinit`, ... */
  options: string[];
  statements: Statement[];
}
