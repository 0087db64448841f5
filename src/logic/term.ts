// Symbolic terms shared by every stage after the front ends: event guards and
// values (src/events), relation edges (src/relations), and the SMT encoding
// (src/smt), which is the only place they are turned into Z3 input.
//
// Terms are hash-consed: building the same term twice returns the same object,
// so equality is `===` and DAGs share structure. Constructors fold constants
// and flatten and/or, so a relation evaluated over concrete inputs collapses
// to TRUE/FALSE edges: the same code serves symbolic encoding and concrete
// replay of a witness.

export type BoolOp = 'true' | 'false' | 'bvar' | 'not' | 'and' | 'or' | 'eq' | 'lt' | 'le' | 'before';
export type IntOp =
  | 'const'
  | 'ivar'
  | 'rank'
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  | 'band' | 'bor' | 'bxor' | 'shl' | 'shr'
  | 'neg' | 'bnot'
  | 'ite'
  | 'b2i';

interface TermBase {
  readonly id: number;
}
export interface BoolTerm extends TermBase {
  readonly sort: 'bool';
  readonly op: BoolOp;
  readonly args: readonly Term[];
  readonly name?: string;
}
export interface IntTerm extends TermBase {
  readonly sort: 'int';
  readonly op: IntOp;
  readonly args: readonly Term[];
  readonly name?: string;
  readonly value?: number;
}
export type Term = BoolTerm | IntTerm;

const table = new Map<string, Term>();
let nextId = 0;

function intern<T extends Term>(key: string, make: (id: number) => T): T {
  const found = table.get(key);
  if (found) return found as T;
  const t = make(nextId++);
  table.set(key, t);
  return t;
}

function keyOf(op: string, args: readonly Term[]): string {
  let k = op;
  for (const a of args) k += ',' + a.id;
  return k;
}

function boolNode(op: BoolOp, args: readonly Term[], name?: string): BoolTerm {
  const key = name === undefined ? keyOf(op, args) : `${op}:${name}`;
  return intern(key, (id) => ({ id, sort: 'bool', op, args, name }));
}
function intNode(op: IntOp, args: readonly Term[], extra?: { name?: string; value?: number }): IntTerm {
  const key =
    extra?.name !== undefined ? `${op}:${extra.name}` : extra?.value !== undefined ? `${op}#${extra.value}` : keyOf(op, args);
  return intern(key, (id) => ({ id, sort: 'int', op, args, name: extra?.name, value: extra?.value }));
}

export const TRUE: BoolTerm = boolNode('true', []);
export const FALSE: BoolTerm = boolNode('false', []);

export function bool(b: boolean): BoolTerm {
  return b ? TRUE : FALSE;
}
export function boolVar(name: string): BoolTerm {
  return boolNode('bvar', [], name);
}
/**
 * A rank: a variable that orders events (coherence, acyclicity), not a
 * program value. Ranks are compared only by `before`, and stay unbounded
 * integers whatever the program's values are encoded as.
 */
export function rankVar(name: string): IntTerm {
  return intNode('rank', [], { name });
}

/** `a` comes before `b` in a rank order. */
export function before(a: IntTerm, b: IntTerm): BoolTerm {
  if (a === b) return FALSE;
  return boolNode('before', [a, b]);
}

export function intVar(name: string): IntTerm {
  return intNode('ivar', [], { name });
}
export function int(value: number): IntTerm {
  return intNode('const', [], { value });
}

export function isConst(t: IntTerm): boolean {
  return t.op === 'const';
}

export function not(a: BoolTerm): BoolTerm {
  if (a === TRUE) return FALSE;
  if (a === FALSE) return TRUE;
  if (a.op === 'not') return a.args[0] as BoolTerm;
  return boolNode('not', [a]);
}

function nary(op: 'and' | 'or', items: readonly BoolTerm[]): BoolTerm {
  const absorbing = op === 'and' ? FALSE : TRUE;
  const neutral = op === 'and' ? TRUE : FALSE;
  if (items.length === 2) {
    // Two atoms (two thirds of all calls): nothing to flatten, absorb or resolve.
    const [a, b] = items as [BoolTerm, BoolTerm];
    if (a === absorbing || b === absorbing) return absorbing;
    if (a === neutral || a === b) return b;
    if (b === neutral) return a;
    if (isAtom(a) && isAtom(b)) return a.id < b.id ? boolNode(op, [a, b]) : boolNode(op, [b, a]);
  }
  const seen = new Set<number>();
  const out: BoolTerm[] = [];
  const push = (t: BoolTerm): boolean => {
    if (t === absorbing) return true;
    if (t === neutral) return false;
    if (t.op === op) {
      for (const c of t.args) if (push(c as BoolTerm)) return true;
      return false;
    }
    if (!seen.has(t.id)) {
      seen.add(t.id);
      out.push(t);
    }
    return false;
  };
  for (const t of items) if (push(t)) return absorbing;
  if (out.length === 0) return neutral;
  if (out.length === 1) return out[0]!;
  for (const t of out) if (t.op === 'not' && seen.has(t.args[0]!.id)) return absorbing;
  // Absorption against the other operands. For `and` (dually for `or`), an
  // operand x is "given" if it is one of the operands or a conjunction of
  // them. Then  x & (x | y) = x,  x & ~x = false  and  x & ~(x | y) = false.
  const dual = op === 'and' ? 'or' : 'and';
  const given = (t: Term): boolean =>
    seen.has(t.id) || (t.op === op && t.args.length > 0 && t.args.every((a) => seen.has(a.id)));
  let kept = out.slice();
  for (const t of out) {
    if (t.op === dual && t.args.some(given)) kept = kept.filter((k) => k !== t);
    else if (t.op === 'not') {
      const inner = t.args[0]!;
      if (given(inner) || (inner.op === dual && inner.args.some(given))) return absorbing;
    }
  }
  if (kept.length === 1) return kept[0]!;
  const merged = resolveOnce(dual, kept);
  if (merged) return nary(op, merged);
  kept.sort((a, b) => a.id - b.id);
  return boolNode(op, kept);
}

/** Neither a constant nor a connective: a variable or a comparison. */
function isAtom(t: BoolTerm): boolean {
  return t.op !== 'and' && t.op !== 'or' && t.op !== 'not' && t.op !== 'true' && t.op !== 'false';
}

/** Operand lists longer than this are not searched for resolvable pairs (the search is quadratic). */
const RESOLUTION_LIMIT = 16;

/**
 * One resolution step over the operands of an `or` (dually an `and`): two
 * conjunctions that differ only in one literal and its negation, (x & y) |
 * (x & ~y), become x. Guards of the two branches of an `if` joined again
 * take this shape. The operands with the pair replaced, or undefined.
 */
function resolveOnce(dual: 'and' | 'or', items: readonly BoolTerm[]): BoolTerm[] | undefined {
  if (items.length > RESOLUTION_LIMIT) return undefined;
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!;
    if (a.op !== dual) continue;
    const inA = new Set(a.args.map((t) => t.id));
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j]!;
      if (b.op !== dual || b.args.length !== a.args.length) continue;
      const onlyB = b.args.filter((t) => !inA.has(t.id));
      if (onlyB.length !== 1) continue;
      const inB = new Set(b.args.map((t) => t.id));
      const onlyA = a.args.filter((t) => !inB.has(t.id));
      const [p, q] = [onlyA[0]!, onlyB[0]!];
      if (!((p.op === 'not' && p.args[0] === q) || (q.op === 'not' && q.args[0] === p))) continue;
      const common = nary(dual, a.args.filter((t) => t !== p) as BoolTerm[]);
      return [...items.slice(0, i), common, ...items.slice(i + 1, j), ...items.slice(j + 1)];
    }
  }
  return undefined;
}

export function and(...items: BoolTerm[]): BoolTerm {
  return nary('and', items);
}
export function or(...items: BoolTerm[]): BoolTerm {
  return nary('or', items);
}
export function andAll(items: readonly BoolTerm[]): BoolTerm {
  return nary('and', items);
}
export function orAll(items: readonly BoolTerm[]): BoolTerm {
  return nary('or', items);
}
export function implies(a: BoolTerm, b: BoolTerm): BoolTerm {
  return or(not(a), b);
}
export function iff(a: BoolTerm, b: BoolTerm): BoolTerm {
  if (a === b) return TRUE;
  return and(implies(a, b), implies(b, a));
}

export function eq(a: IntTerm, b: IntTerm): BoolTerm {
  if (a === b) return TRUE;
  if (a.op === 'const' && b.op === 'const') return bool(a.value === b.value);
  return a.id < b.id ? boolNode('eq', [a, b]) : boolNode('eq', [b, a]);
}
export function neq(a: IntTerm, b: IntTerm): BoolTerm {
  return not(eq(a, b));
}
export function lt(a: IntTerm, b: IntTerm): BoolTerm {
  if (a === b) return FALSE;
  if (a.op === 'const' && b.op === 'const') return bool(a.value! < b.value!);
  return boolNode('lt', [a, b]);
}
export function le(a: IntTerm, b: IntTerm): BoolTerm {
  if (a === b) return TRUE;
  if (a.op === 'const' && b.op === 'const') return bool(a.value! <= b.value!);
  return boolNode('le', [a, b]);
}

/** C integer arithmetic on 32-bit-ish values; folded when both sides are known. */
const arith: Record<string, (x: number, y: number) => number | undefined> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => (y === 0 ? undefined : Math.trunc(x / y)),
  mod: (x, y) => (y === 0 ? undefined : x % y),
  band: (x, y) => x & y,
  bor: (x, y) => x | y,
  bxor: (x, y) => x ^ y,
  shl: (x, y) => x << y,
  shr: (x, y) => x >> y,
};

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'band' | 'bor' | 'bxor' | 'shl' | 'shr';

export function binary(op: ArithOp, a: IntTerm, b: IntTerm): IntTerm {
  if (a.op === 'const' && b.op === 'const') {
    const v = arith[op]!(a.value!, b.value!);
    if (v !== undefined) return int(v);
  }
  if (op === 'add' && a.op === 'const' && a.value === 0) return b;
  if ((op === 'add' || op === 'sub') && b.op === 'const' && b.value === 0) return a;
  return intNode(op, [a, b]);
}
export function neg(a: IntTerm): IntTerm {
  return a.op === 'const' ? int(-a.value!) : intNode('neg', [a]);
}
export function bitNot(a: IntTerm): IntTerm {
  return a.op === 'const' ? int(~a.value!) : intNode('bnot', [a]);
}
export function ite(c: BoolTerm, a: IntTerm, b: IntTerm): IntTerm {
  if (c === TRUE || a === b) return a;
  if (c === FALSE) return b;
  return intNode('ite', [c, a, b]);
}
/** C's view of a truth value: 1 or 0. */
export function boolToInt(c: BoolTerm): IntTerm {
  if (c === TRUE) return int(1);
  if (c === FALSE) return int(0);
  return intNode('b2i', [c]);
}
/** C's view of an integer as a condition: non-zero. */
export function truthy(a: IntTerm): BoolTerm {
  if (a.op === 'b2i') return a.args[0] as BoolTerm;
  return neq(a, int(0));
}

/** A valuation of the free variables of terms. */
export interface Valuation {
  bool(name: string): boolean;
  int(name: string): number;
}

/** Evaluates terms under a valuation, memoising shared subterms. */
export class Evaluator {
  private readonly memo = new Map<number, number | boolean>();
  constructor(private readonly valuation: Valuation) {}

  bool(t: BoolTerm): boolean {
    return this.eval(t) as boolean;
  }
  int(t: IntTerm): number {
    return this.eval(t) as number;
  }

  private eval(t: Term): number | boolean {
    const m = this.memo.get(t.id);
    if (m !== undefined) return m;
    const v = this.compute(t);
    this.memo.set(t.id, v);
    return v;
  }

  private compute(t: Term): number | boolean {
    const a = t.args;
    if (t.sort === 'bool') {
      switch (t.op) {
        case 'true':
          return true;
        case 'false':
          return false;
        case 'bvar':
          return this.valuation.bool(t.name!);
        case 'not':
          return !this.eval(a[0]!);
        case 'and':
          return a.every((x) => this.eval(x) === true);
        case 'or':
          return a.some((x) => this.eval(x) === true);
        case 'eq':
          return this.eval(a[0]!) === this.eval(a[1]!);
        case 'lt':
          return (this.eval(a[0]!) as number) < (this.eval(a[1]!) as number);
        case 'le':
          return (this.eval(a[0]!) as number) <= (this.eval(a[1]!) as number);
        case 'before':
          return (this.eval(a[0]!) as number) < (this.eval(a[1]!) as number);
      }
    }
    switch (t.op) {
      case 'const':
        return t.value!;
      case 'ivar':
      case 'rank':
        return this.valuation.int(t.name!);
      case 'neg':
        return -(this.eval(a[0]!) as number);
      case 'bnot':
        return ~(this.eval(a[0]!) as number);
      case 'ite':
        return this.eval(a[0]!) ? this.eval(a[1]!) : this.eval(a[2]!);
      case 'b2i':
        return this.eval(a[0]!) ? 1 : 0;
      default: {
        const x = this.eval(a[0]!) as number;
        const y = this.eval(a[1]!) as number;
        // Division by zero has no C meaning; SMT leaves it unconstrained, we pick 0.
        return arith[t.op]!(x, y) ?? 0;
      }
    }
  }
}

/** Free variables of a term, by name and sort. */
export function freeVars(roots: readonly Term[]): { bools: Set<string>; ints: Set<string> } {
  const bools = new Set<string>();
  const ints = new Set<string>();
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    if (t.op === 'bvar') bools.add(t.name!);
    else if (t.op === 'ivar' || t.op === 'rank') ints.add(t.name!);
    else stack.push(...t.args);
  }
  return { bools, ints };
}

/** A valuation of some variables; the others stay symbolic (`undefined`). */
export interface PartialValuation {
  bool(name: string): boolean | undefined;
  int(name: string): number | undefined;
}

/**
 * Partial evaluation: substitutes the known variables and folds what
 * becomes constant, through the same simplifying constructors; a term
 * whose variables are all known becomes TRUE/FALSE or a constant.
 */
export class Specializer {
  private readonly memo = new Map<number, Term>();
  constructor(private readonly valuation: PartialValuation) {}

  bool(t: BoolTerm): BoolTerm {
    return this.term(t) as BoolTerm;
  }
  int(t: IntTerm): IntTerm {
    return this.term(t) as IntTerm;
  }

  private term(t: Term): Term {
    let m = this.memo.get(t.id);
    if (!m) this.memo.set(t.id, (m = this.compute(t)));
    return m;
  }

  private compute(t: Term): Term {
    const b = (i: number) => this.term(t.args[i]!) as BoolTerm;
    const n = (i: number) => this.term(t.args[i]!) as IntTerm;
    if (t.sort === 'bool') {
      switch (t.op) {
        case 'true':
        case 'false':
          return t;
        case 'bvar': {
          const v = this.valuation.bool(t.name!);
          return v === undefined ? t : bool(v);
        }
        case 'not':
          return not(b(0));
        case 'and':
          return andAll(t.args.map((_, i) => b(i)));
        case 'or':
          return orAll(t.args.map((_, i) => b(i)));
        case 'eq':
          return eq(n(0), n(1));
        case 'lt':
          return lt(n(0), n(1));
        case 'le':
          return le(n(0), n(1));
        case 'before':
          return beforeFolded(n(0), n(1));
      }
    }
    switch (t.op) {
      case 'const':
        return t;
      case 'rank':
      case 'ivar': {
        const v = this.valuation.int(t.name!);
        return v === undefined ? t : int(v);
      }
      case 'neg':
        return neg(n(0));
      case 'bnot':
        return bitNot(n(0));
      case 'ite':
        return ite(b(0), n(1), n(2));
      case 'b2i':
        return boolToInt(b(0));
      default:
        return binary(t.op as ArithOp, n(0), n(1));
    }
  }
}

/** Whether any of the terms (or their subterms) applies one of `ops`. */
export function usesOps(roots: Iterable<Term>, ops: ReadonlySet<string>): boolean {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    if (ops.has(t.op)) return true;
    stack.push(...t.args);
  }
  return false;
}

/** `before` of two ranks, folded when both are known numbers. */
function beforeFolded(a: IntTerm, b: IntTerm): BoolTerm {
  if (a.op === 'const' && b.op === 'const') return bool(a.value! < b.value!);
  return before(a, b);
}
