// Values of the cat evaluator and the operators on them.
//
// A cat expression denotes an event set, a relation, or a function; herd's
// library code also handles single events and pairs, tags, tuples, sets of
// such values (`map`, `{e}`, `++`) and sets of possible values that only a
// `with x from S` can pick from (see collections.ts). Empty literals (`0`,
// `{}`, `emptyset`) and the starting point of a `let rec` have no kind of
// their own: they are the polymorphic `empty` value, which acts as the empty
// set or the empty relation depending on where it is used.
//
// All set and relation arithmetic goes through src/relations/relation.ts;
// conditions on edges and members are never inspected here.

import { InputError } from '../program/errors.js';
import { TRUE, type BoolTerm } from '../logic/term.js';
import {
  complement,
  diff,
  domain,
  identityOn,
  inter,
  inverse,
  optional,
  product,
  range,
  Relation,
  sameRelation,
  sameSet,
  seq,
  setComplement,
  setDiff,
  setInter,
  setUnion,
  transitiveClosure,
  union,
  type EventSet,
} from '../relations/relation.js';
import type { Approximation } from '../relations/approximate.js';
import type { Binding, CheckKind, Expr, PostfixOp, SourcePos } from './ast.js';

/**
 * How a value's conditions relate to the exact ones: equal, implied by them
 * (`upper`: the value may have more edges, from approximated closures and
 * fixpoints), implying them (`lower`: after subtracting an upper bound), or
 * neither. See src/relations/approximate.ts.
 */
export type Bound = 'exact' | 'upper' | 'lower' | 'unknown';

export type SetValue = { kind: 'set'; set: EventSet; bound?: Bound };
/** `transitive`: known to be transitive already (a generated order), so `r+` is r. */
export type RelValue = { kind: 'rel'; rel: Relation; bound?: Bound; transitive?: boolean };
/** Empty of unknown kind; `hint` is the kind assumed by a complement. */
export type EmptyValue = { kind: 'empty'; hint: 'set' | 'rel' };
/** Sets, relations and polymorphic empties: what operators work on. */
export type DataValue = SetValue | RelValue | EmptyValue;

/** An element picked from a set (`map`, `match`), or `{e}`'s e. */
export type EventValue = { kind: 'event'; id: number };
/** An element picked from a relation. */
export type PairValue = { kind: 'pair'; from: number; to: number };
/** `'name` of `enum Type = ...`. */
export type TagValue = { kind: 'tag'; name: string; type: string };
export type TupleValue = { kind: 'tuple'; items: Value[] };
/** A member of a set of values, present when `cond` holds. */
export interface Member {
  value: Value;
  cond: BoolTerm;
}
/**
 * A set of values (herd's ValSet): relations, sets, tags, ... Membership may
 * depend on the execution. `bound` says whether the conditions are exact.
 */
export type ValSetValue = { kind: 'valset'; members: Member[]; bound: Bound };
/** Possible values too many to list, picked by `with x from` (collections.ts). */
export type SpaceValue = { kind: 'space'; space: ChoiceSpace; bound: Bound };

/** One linear order of `domain` extending `base` (herd's `linearisations`). */
export interface OrdersSpace {
  kind: 'orders';
  domain: EventSet;
  base: Relation;
}
/** One pick from each factor present, united (herd's `cross`). */
export interface ProductSpace {
  kind: 'product';
  factors: { options: ValSetValue | OrdersSpace; cond: BoolTerm }[];
}
export type ChoiceSpace = OrdersSpace | ProductSpace;

export type BuiltinName =
  | 'domain'
  | 'range'
  | 'fencerel'
  | 'different-values'
  | 'classes-loc'
  | 'linearisations'
  | 'map'
  | 'cross';

export type Value =
  | DataValue
  | EventValue
  | PairValue
  | TagValue
  | TupleValue
  | ValSetValue
  | SpaceValue
  | { kind: 'function'; name: string; params: string[]; body: Expr; scope: Scope }
  /** A builtin, with the arguments of its earlier (curried) applications. */
  | { kind: 'builtin'; name: BuiltinName; applied: Value[] }
  /** A `let` body not evaluated yet: bindings are computed when first used. */
  | { kind: 'lazy'; force: () => Value };

/** A memoised lazy value. */
export function lazy(compute: () => Value): Value {
  let value: Value | undefined;
  return { kind: 'lazy', force: () => (value ??= compute()) };
}

/** Lexical scope: closures keep the scope they were defined in. */
export class Scope {
  constructor(
    private readonly vars: ReadonlyMap<string, Value>,
    private readonly parent?: Scope,
  ) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  extend(vars: ReadonlyMap<string, Value>): Scope {
    return new Scope(vars, this);
  }
}

/** The function defined by `let name(params) = body`, closed over `scope`. */
export function closure(b: Binding, params: string[], scope: Scope): Value {
  return { kind: 'function', name: b.name, params, body: b.body, scope };
}

/** What the operators need to know about the events of the test. */
export interface Universe {
  n: number;
  all: EventSet;
}

export const setValue = (set: EventSet, bound: Bound = 'exact'): SetValue => ({ kind: 'set', set, bound });
export const relValue = (rel: Relation, bound: Bound = 'exact'): RelValue => ({ kind: 'rel', rel, bound });

export function boundOf(v: DataValue): Bound {
  return v.kind === 'empty' ? 'exact' : (v.bound ?? 'exact');
}

/** Bound of a result monotone in both arguments. */
export function combine(a: Bound, b: Bound): Bound {
  if (a === 'exact') return b;
  if (b === 'exact' || a === b) return a;
  return 'unknown';
}

/** Bound of a result antitone in an argument with bound b. */
export function flip(b: Bound): Bound {
  return b === 'upper' ? 'lower' : b === 'lower' ? 'upper' : b;
}

export function boundsOf(...vs: Value[]): Bound {
  return vs.reduce<Bound>((acc, v) => {
    if (v.kind === 'set' || v.kind === 'rel' || v.kind === 'empty') return combine(acc, boundOf(v));
    if (v.kind === 'valset' || v.kind === 'space') return combine(acc, v.bound);
    return acc;
  }, 'exact');
}

// ---------------------------------------------------------------- kinds

export function describe(v: Value): string {
  switch (v.kind) {
    case 'set':
      return 'a set';
    case 'rel':
      return 'a relation';
    case 'empty':
      return 'an empty value';
    case 'event':
      return 'an event';
    case 'pair':
      return 'a pair of events';
    case 'tag':
      return `the tag '${v.name}`;
    case 'tuple':
      return 'a tuple';
    case 'valset':
      return 'a set of values';
    case 'space':
      return "a set of possible values (only 'with ... from' can pick from it)";
    case 'lazy':
      return describe(v.force());
    default:
      return `a function ('${v.name}')`;
  }
}

/** v as a set or relation; other values are rejected. `what` names the operation. */
export function asData(v: Value, pos: SourcePos, what: string): DataValue {
  if (v.kind === 'lazy') return asData(v.force(), pos, what);
  if (v.kind === 'set' || v.kind === 'rel' || v.kind === 'empty') return v;
  throw new InputError(pos, `${what} expects a set or a relation, found ${describe(v)}`);
}

/** Forces a lazy value. */
export function force(v: Value): Exclude<Value, { kind: 'lazy' }> {
  return v.kind === 'lazy' ? force(v.force()) : v;
}

/**
 * A string identifying a value that does not depend on the execution (its
 * members are unconditional), or undefined. Equal keys mean equal values.
 */
export function valueKey(v: Value): string | undefined {
  const w = force(v);
  switch (w.kind) {
    case 'empty':
      return '{}';
    case 'event':
      return `e${w.id}`;
    case 'pair':
      return `p${w.from}.${w.to}`;
    case 'tag':
      return `'${w.name}`;
    case 'set': {
      const ids: number[] = [];
      for (const [e, c] of w.set) {
        if (c !== TRUE) return undefined;
        ids.push(e);
      }
      return ids.length === 0 ? '{}' : `s${ids.sort((a, b) => a - b).join(',')}`;
    }
    case 'rel': {
      const keys: number[] = [];
      for (const [k, c] of w.rel.edges) {
        if (c !== TRUE) return undefined;
        keys.push(k);
      }
      const n = w.rel.n;
      return keys.length === 0 ? '{}' : `r${keys.sort((a, b) => a - b).map((k) => `${Math.floor(k / n)}.${k % n}`).join(',')}`;
    }
    case 'tuple': {
      const items = w.items.map(valueKey);
      return items.every((k) => k !== undefined) ? `(${items.join(',')})` : undefined;
    }
    case 'valset': {
      const items: string[] = [];
      for (const m of w.members) {
        const k = valueKey(m.value);
        if (k === undefined || m.cond !== TRUE) return undefined;
        items.push(k);
      }
      return `{${[...new Set(items)].sort().join(',')}}`;
    }
    default:
      return undefined;
  }
}

export function asRelation(v: Value, u: Universe, pos: SourcePos, what: string): Relation {
  const d = asData(v, pos, what);
  if (d.kind === 'rel') return d.rel;
  if (d.kind === 'empty') return Relation.empty(u.n);
  throw new InputError(pos, `${what} expects a relation, found a set`);
}

export function asSet(v: Value, pos: SourcePos, what: string): EventSet {
  const d = asData(v, pos, what);
  if (d.kind === 'set') return d.set;
  if (d.kind === 'empty') return new Map();
  throw new InputError(pos, `${what} expects a set, found a relation`);
}

// ---------------------------------------------------------------- operators

/** `|`, `&`, `\`: both sides sets or both relations; an empty side adapts. */
export function setLike(op: '|' | '&' | '\\', a: Value, b: Value, pos: SourcePos): DataValue {
  const what = `'${op}'`;
  const x = asData(a, pos, what);
  const y = asData(b, pos, what);
  if (x.kind === 'empty' || y.kind === 'empty') return withEmpty(op, x, y);
  const bound = combine(boundOf(x), op === '\\' ? flip(boundOf(y)) : boundOf(y));
  if (x.kind === 'set' && y.kind === 'set') {
    const f = op === '|' ? setUnion : op === '&' ? setInter : setDiff;
    return setValue(f(x.set, y.set), bound);
  }
  if (x.kind === 'rel' && y.kind === 'rel') {
    const f = op === '|' ? union : op === '&' ? inter : diff;
    return relValue(f(x.rel, y.rel), bound);
  }
  throw new InputError(pos, `${what} expects two sets or two relations, found ${describe(x)} and ${describe(y)}`);
}

/** x op y when at least one side is empty: the other side's kind wins. */
function withEmpty(op: '|' | '&' | '\\', x: DataValue, y: DataValue): DataValue {
  switch (op) {
    case '|':
      return x.kind === 'empty' ? y : x;
    case '&':
      return x.kind === 'empty' ? x : y;
    case '\\':
      return x;
  }
}

export function binary(op: '|' | '&' | '\\' | ';' | '*', a: Value, b: Value, u: Universe, pos: SourcePos): DataValue {
  switch (op) {
    case ';':
      return relValue(seq(asRelation(a, u, pos, "';'"), asRelation(b, u, pos, "';'")), boundsOf(a, b));
    case '*':
      return relValue(product(asSet(a, pos, "'*'"), asSet(b, pos, "'*'"), u.n), boundsOf(a, b));
    default:
      return setLike(op, a, b, pos);
  }
}

/**
 * Postfix operators. With an approximation at hand, closures of symbolic
 * relations become fresh variables bounded from below (an upper bound).
 */
export function postfix(op: PostfixOp, a: Value, u: Universe, pos: SourcePos, approx?: Approximation): DataValue {
  const what = `'${op}'`;
  const d = asData(a, pos, what);
  const bound = boundOf(d);
  const closed = (r: Relation): RelValue =>
    approx && !r.isConcrete() ? relValue(approx.transitiveClosure(r), combine(bound, 'upper')) : relValue(transitiveClosure(r), bound);
  switch (op) {
    case '^-1':
      return d.kind === 'empty' ? d : relValue(inverse(asRelation(d, u, pos, what)), bound);
    case '+':
      if (d.kind === 'rel' && d.transitive) return d;
      return d.kind === 'empty' ? d : closed(asRelation(d, u, pos, what));
    case '*': {
      // r* and r? include the identity on every event, even for an empty r.
      const plus = d.kind === 'rel' && d.transitive ? d : closed(asRelation(d, u, pos, what));
      return relValue(union(plus.rel, identityOn(u.all, u.n)), plus.bound);
    }
    case '?':
      return relValue(optional(asRelation(d, u, pos, what), u.all), bound);
  }
}

/** `~e`, relative to all events (sets) or all pairs of events (relations). */
export function complementOf(a: Value, u: Universe, pos: SourcePos): DataValue {
  const d = asData(a, pos, "'~'");
  const kind = d.kind === 'empty' ? d.hint : d.kind;
  const bound = flip(boundOf(d));
  if (kind === 'set') return setValue(setComplement(u.all, asSet(d, pos, "'~'")), bound);
  return relValue(complement(asRelation(d, u, pos, "'~'"), u.all), bound);
}

/** `[S]`. */
export function identity(a: Value, u: Universe, pos: SourcePos): RelValue {
  return relValue(identityOn(asSet(a, pos, "'[...]'"), u.n), boundsOf(a));
}

export function domainOf(a: Value, u: Universe, pos: SourcePos): SetValue {
  return setValue(domain(asRelation(a, u, pos, "'domain'")), boundsOf(a));
}

export function rangeOf(a: Value, u: Universe, pos: SourcePos): SetValue {
  return setValue(range(asRelation(a, u, pos, "'range'")), boundsOf(a));
}

/** fencerel(S) = po ; [S] ; po. */
export function fencerel(po: Relation, a: Value, u: Universe, pos: SourcePos): RelValue {
  return relValue(seq(seq(po, identityOn(asSet(a, pos, "'fencerel'"), u.n)), po), boundsOf(a));
}

/** The value a check constrains: a relation, or for `empty` also a set; with its bound. */
export function checkOperand(kind: CheckKind, a: Value, u: Universe, pos: SourcePos): { value: Relation | EventSet; bound: Bound } {
  const what = `'${kind}'`;
  const d = asData(a, pos, what);
  const bound = boundOf(d);
  if (kind !== 'empty' || d.kind === 'rel') return { value: asRelation(d, u, pos, what), bound };
  if (d.kind === 'set') return { value: d.set, bound };
  return { value: d.hint === 'set' ? new Map() : Relation.empty(u.n), bound };
}

// ---------------------------------------------------------------- fixpoints

/** The may-edges (relation keys) or may-members of a value. */
function support(d: DataValue): ReadonlyMap<number, unknown> {
  return d.kind === 'set' ? d.set : d.kind === 'rel' ? d.rel.edges : new Map();
}

export function memberCount(d: DataValue): number {
  return support(d).size;
}

/** Same members with identical (hash-consed) conditions; all empties are equal. */
export function sameData(a: DataValue, b: DataValue): boolean {
  if (memberCount(a) === 0 && memberCount(b) === 0) return true;
  if (a.kind === 'set' && b.kind === 'set') return sameSet(a.set, b.set);
  if (a.kind === 'rel' && b.kind === 'rel') return sameRelation(a.rel, b.rel);
  return false;
}

/** Same may-edges / may-members, whatever their conditions. */
export function sameSupport(a: DataValue, b: DataValue): boolean {
  const sa = support(a);
  const sb = support(b);
  if (sa.size !== sb.size) return false;
  if (sa.size === 0) return true;
  if (a.kind !== b.kind) return false;
  for (const k of sa.keys()) if (!sb.has(k)) return false;
  return true;
}
