// Sets of values and sets of possible values, for the parts of herd's cat
// language that go beyond events and relations: `{e}`, `e ++ s`, `map`,
// `classes-loc` (herd's `partition`), `linearisations`, `cross`,
// `different-values`, and `with x from S`.
//
// Membership of an element in a set may depend on the execution, so a set
// of values is a list of members with conditions. What herd computes by
// enumeration — one linear order per location extending a partial order,
// one pick per inner set of a `cross` — is kept as a ChoiceSpace and only
// turned into a value by `with`, where each possible pick is named by solver
// variables (see choices.ts). This is exact, not an approximation; where it
// could not be (a pick among values whose equality depends on the
// execution), the evaluator refuses with an "unsupported" error.

import { InputError } from '../program/errors.js';
import { and, eq, FALSE, implies, int, lt, neq, not, or, orAll, TRUE, type BoolTerm, type IntTerm } from '../logic/term.js';
import { Relation, union, setUnion, type EventSet } from '../relations/relation.js';
import type { ChoiceProvider } from './choices.js';
import type { SourcePos } from './ast.js';
import type { EventInfo } from '../relations/base.js';

export type { EventInfo };
import {
  combine,
  describe,
  force,
  relValue,
  setValue,
  valueKey,
  type Bound,
  type DataValue,
  type Member,
  type OrdersSpace,
  type ProductSpace,
  type SpaceValue,
  type ValSetValue,
  type Value,
} from './values.js';

/**
 * Raised when a `with` would pick from a value that is only an upper or
 * lower bound of the exact one (under --approximation): the caller must
 * evaluate the model exactly.
 */
export class NeedsExactEvaluation extends Error {
  constructor() {
    super('a with ... from statement needs exact values');
  }
}

/** A set of values with duplicates (same key) merged. */
export function valSet(members: Member[], bound: Bound): ValSetValue {
  const out: Member[] = [];
  const byKey = new Map<string, number>();
  for (const m of members) {
    if (m.cond === FALSE) continue;
    const k = valueKey(m.value);
    const at = k === undefined ? undefined : byKey.get(k);
    if (at === undefined) {
      if (k !== undefined) byKey.set(k, out.length);
      out.push(m);
    } else out[at] = { value: out[at]!.value, cond: or(out[at]!.cond, m.cond) };
  }
  return { kind: 'valset', members: out, bound };
}

/** The elements of a set (events), relation (pairs) or set of values, with their conditions. */
export function elementsOf(v: Value, pos: SourcePos, what: string): { members: Member[]; bound: Bound } {
  const w = force(v);
  switch (w.kind) {
    case 'empty':
      return { members: [], bound: 'exact' };
    case 'set':
      return { members: [...w.set].map(([id, cond]) => ({ value: { kind: 'event', id }, cond })), bound: w.bound ?? 'exact' };
    case 'rel':
      return {
        members: [...w.rel.pairs()].map(([from, to, cond]) => ({ value: { kind: 'pair', from, to }, cond })),
        bound: w.bound ?? 'exact',
      };
    case 'valset':
      return { members: w.members, bound: w.bound };
    default:
      throw new InputError(pos, `${what} expects a set, found ${describe(w)}`);
  }
}

/** `{e1, ..., en}`: a set of events, a relation of pairs, or a set of other values. */
export function explicitSet(items: Value[], n: number, pos: SourcePos): Value {
  const vs = items.map(force);
  if (vs.every((v) => v.kind === 'event')) return setValue(new Map(vs.map((v) => [(v as { id: number }).id, TRUE])));
  if (vs.every((v) => v.kind === 'pair')) {
    return relValue(Relation.fromPairs(n, vs.map((v) => [(v as { from: number }).from, (v as { to: number }).to, TRUE])));
  }
  if (vs.some((v) => v.kind === 'event' || v.kind === 'pair')) throw new InputError(pos, 'a set mixes events or pairs with other values');
  return valSet(
    vs.map((value) => ({ value, cond: TRUE })),
    'exact',
  );
}

/** `e ++ s`, with herd's meaning for each kind of s. */
export function addElement(elem: Value, to: Value, hint: 'set' | 'rel' | undefined, n: number, pos: SourcePos): Value {
  const e = force(elem);
  const s = force(to);
  const pairOf = (x: Value): [number, number] | undefined => {
    if (x.kind === 'pair') return [x.from, x.to];
    if (x.kind === 'tuple' && x.items.length === 2) {
      const [a, b] = x.items.map(force);
      if (a!.kind === 'event' && b!.kind === 'event') return [a!.id, b!.id];
    }
    return undefined;
  };
  switch (s.kind) {
    case 'empty': {
      const p = pairOf(e);
      if (p) return relValue(Relation.fromPairs(n, [[p[0], p[1], TRUE]]));
      if (hint === 'rel' || s.hint === 'rel') throw new InputError(pos, `'++' on a relation expects a pair, found ${describe(e)}`);
      if (e.kind === 'event') return setValue(new Map([[e.id, TRUE]]));
      return valSet([{ value: e, cond: TRUE }], 'exact');
    }
    case 'rel': {
      const p = pairOf(e);
      if (!p) throw new InputError(pos, `'++' on a relation expects a pair, found ${describe(e)}`);
      return relValue(union(s.rel, Relation.fromPairs(n, [[p[0], p[1], TRUE]])), s.bound);
    }
    case 'set':
      if (e.kind !== 'event') throw new InputError(pos, `'++' on a set of events expects an event, found ${describe(e)}`);
      return setValue(setUnion(s.set, new Map([[e.id, TRUE]])), s.bound);
    case 'valset':
      return valSet([{ value: e, cond: TRUE }, ...s.members], s.bound);
    default:
      throw new InputError(pos, `'++' expects a set, found ${describe(s)}`);
  }
}

/** Union of two sets of values (a tag counts as the set of itself). */
export function unionOfValSets(a: Value, b: Value): ValSetValue | undefined {
  const lift = (v: Value): ValSetValue | undefined => {
    const w = force(v);
    if (w.kind === 'valset') return w;
    if (w.kind === 'tag') return valSet([{ value: w, cond: TRUE }], 'exact');
    return undefined;
  };
  const x = lift(a);
  const y = lift(b);
  if (!x && !y) return undefined;
  const ex = force(a).kind === 'empty';
  const ey = force(b).kind === 'empty';
  if ((!x && !ex) || (!y && !ey)) return undefined;
  return valSet([...(x?.members ?? []), ...(y?.members ?? [])], combine(x?.bound ?? 'exact', y?.bound ?? 'exact'));
}

/** different-values(r): the pairs of r whose events carry different values. */
export function differentValues(r: Relation, info: EventInfo): Relation {
  const out: [number, number, BoolTerm][] = [];
  for (const [a, b, c] of r.pairs()) {
    const va = info.value(a);
    const vb = info.value(b);
    out.push([a, b, va && vb ? and(c, neq(va, vb)) : c]);
  }
  return Relation.fromPairs(r.n, out);
}

/** classes-loc(S) (herd's `partition`): the non-empty classes of S's events by location. */
export function classesByLocation(s: EventSet, bound: Bound, info: EventInfo, pos: SourcePos): ValSetValue {
  const classes = new Map<number, Map<number, BoolTerm>>();
  const put = (code: number, e: number, c: BoolTerm) => {
    if (c === FALSE) return;
    let m = classes.get(code);
    if (!m) classes.set(code, (m = new Map()));
    m.set(e, c);
  };
  for (const [e, c] of s) {
    const a = info.addr(e);
    if (!a) throw new InputError(pos, `classes-loc: event ${e} has no location`);
    if (a.op === 'const') put(a.value!, e, c);
    else for (const code of info.locations) put(code, e, and(c, eq(a, int(code))));
  }
  const members: Member[] = [...classes.entries()]
    .sort(([x], [y]) => x - y)
    .map(([, set]) => ({ value: setValue(set, bound), cond: orAll([...set.values()]) }));
  return { kind: 'valset', members, bound };
}

/** linearisations(S, r). */
export function linearisations(domain: EventSet, base: Relation, bound: Bound): SpaceValue {
  return { kind: 'space', space: { kind: 'orders', domain, base }, bound };
}

/** cross(S): one pick from each member of S, united. */
export function crossOf(v: Value, pos: SourcePos): SpaceValue {
  const w = force(v);
  if (w.kind === 'empty') return { kind: 'space', space: { kind: 'product', factors: [] }, bound: 'exact' };
  if (w.kind !== 'valset') throw new InputError(pos, `cross expects a set of sets, found ${describe(w)}`);
  let bound = w.bound;
  const factors: ProductSpace['factors'] = w.members.map((m) => {
    const o = force(m.value);
    if (o.kind === 'valset') return (bound = combine(bound, o.bound)), { options: o, cond: m.cond };
    if (o.kind === 'empty') return { options: { kind: 'valset', members: [], bound: 'exact' } as ValSetValue, cond: m.cond };
    if (o.kind === 'space' && o.space.kind === 'orders') return (bound = combine(bound, o.bound)), { options: o.space, cond: m.cond };
    throw new InputError(pos, `unsupported cat construct 'cross' over ${describe(o)}`);
  });
  return { kind: 'space', space: { kind: 'product', factors }, bound };
}

/** Whether two membership conditions can never hold together (syntactically). */
function exclusive(a: BoolTerm, b: BoolTerm): boolean {
  if (and(a, b) === FALSE) return true;
  const conjuncts = (t: BoolTerm): BoolTerm[] => (t.op === 'and' ? (t.args as BoolTerm[]) : [t]);
  const fixed = new Map<number, number>(); // term id -> constant it equals
  const constantEq = (t: BoolTerm): [number, number] | undefined => {
    if (t.op !== 'eq') return undefined;
    const [x, y] = t.args as IntTerm[];
    if (x!.op === 'const' && y!.op !== 'const') return [y!.id, x!.value!];
    if (y!.op === 'const' && x!.op !== 'const') return [x!.id, y!.value!];
    return undefined;
  };
  for (const t of conjuncts(a)) {
    const c = constantEq(t);
    if (c) fixed.set(c[0], c[1]);
  }
  for (const t of conjuncts(b)) {
    const c = constantEq(t);
    if (c && fixed.has(c[0]) && fixed.get(c[0]) !== c[1]) return true;
  }
  return false;
}

/**
 * The value `with x from v` binds, as a function of choice variables: one
 * option of an explicit set, or one pick from a ChoiceSpace. The options of
 * an explicit set must be sets or relations that do not depend on the
 * execution (so that a variable can name each one in every evaluation).
 */
export function instantiate(v: Value, choices: ChoiceProvider, n: number, pos: SourcePos): DataValue {
  const w = force(v);
  if (w.kind === 'valset' || w.kind === 'space') {
    if (w.bound !== 'exact') throw new NeedsExactEvaluation();
  }
  const prefix = choices.nextPrefix();
  switch (w.kind) {
    case 'empty':
      choices.require(FALSE, "'with' from an empty set");
      return { kind: 'empty', hint: w.hint };
    case 'valset':
      return pickFactors([{ options: w, cond: TRUE }], choices, prefix, n, pos);
    case 'space':
      return w.space.kind === 'orders'
        ? pickFactors([{ options: w.space, cond: TRUE }], choices, prefix, n, pos)
        : pickFactors(w.space.factors, choices, prefix, n, pos);
    default:
      throw new InputError(pos, `'with ... from' expects a set of values, found ${w.kind === 'set' ? 'a set of events' : describe(w)}`);
  }
}

function pickFactors(factors: ProductSpace['factors'], choices: ChoiceProvider, prefix: string, n: number, pos: SourcePos): DataValue {
  const parts: DataValue[] = [];
  const optionKeys = new Set<string>();
  const ordered: { domain: EventSet; cond: BoolTerm }[] = [];
  for (const f of factors) {
    if (f.options.kind === 'orders') {
      for (const other of ordered) {
        for (const [e, c] of f.options.domain) {
          const d = other.domain.get(e);
          if (d && !exclusive(and(f.cond, c), and(other.cond, d))) {
            throw new InputError(pos, "unsupported cat construct 'cross' of linear orders over sets that may share an event");
          }
        }
      }
      ordered.push({ domain: f.options.domain, cond: f.cond });
      parts.push(pickOrder(f.options, f.cond, choices, prefix, n));
    } else {
      parts.push(pickOption(f.options, f.cond, choices, prefix, optionKeys, pos));
    }
  }
  const united = parts.reduce<DataValue>((acc, p) => unite(acc, p, pos), { kind: 'empty', hint: 'rel' });
  // Orders of pairwise disjoint domains (checked above): their union is transitive too.
  const onlyOrders = factors.length > 0 && factors.every((f) => f.options.kind === 'orders');
  return onlyOrders && united.kind === 'rel' ? { ...united, transitive: true } : united;
}

function unite(a: DataValue, b: DataValue, pos: SourcePos): DataValue {
  if (a.kind === 'empty') return b;
  if (b.kind === 'empty') return a;
  if (a.kind === 'rel' && b.kind === 'rel') return relValue(union(a.rel, b.rel));
  if (a.kind === 'set' && b.kind === 'set') return setValue(setUnion(a.set, b.set));
  throw new InputError(pos, "'with ... from': the possible values mix sets and relations");
}

/** Exactly one present option of `options` when `present` holds, none otherwise. */
function pickOption(options: ValSetValue, present: BoolTerm, choices: ChoiceProvider, prefix: string, seen: Set<string>, pos: SourcePos): DataValue {
  const picks: BoolTerm[] = [];
  let out: DataValue = { kind: 'empty', hint: 'rel' };
  for (const m of options.members) {
    const value = force(m.value);
    const key = valueKey(value);
    if (value.kind !== 'set' && value.kind !== 'rel' && value.kind !== 'empty') {
      throw new InputError(pos, `unsupported: 'with ... from' picking ${describe(value)} (only sets and relations)`);
    }
    if (key === undefined) throw new InputError(pos, `unsupported: 'with ... from' picking ${describe(value)} that depends on the execution`);
    if (seen.has(key)) throw new InputError(pos, "unsupported cat construct 'cross' of sets that share a possible value");
    seen.add(key);
    const ch = choices.bool(`${prefix}_${symbolOf(key)}`);
    choices.require(implies(ch, and(present, m.cond)), `a pick of ${prefix}`);
    picks.push(ch);
    if (value.kind === 'rel') out = unite(out, relValue(gate(value.rel, ch)), pos);
    else if (value.kind === 'set') out = unite(out, setValue(gateSet(value.set, ch)), pos);
  }
  choices.require(implies(present, orAll(picks)), `one pick of ${prefix}`);
  for (let i = 0; i < picks.length; i++) {
    for (let j = i + 1; j < picks.length; j++) choices.require(not(and(picks[i]!, picks[j]!)), `at most one pick of ${prefix}`);
  }
  return out;
}

/** A strict total order on the present events of `domain` extending `base`, by integer ranks. */
function pickOrder(space: OrdersSpace, present: BoolTerm, choices: ChoiceProvider, prefix: string, n: number): DataValue {
  const { domain, base } = space;
  const rank = new Map<number, IntTerm>();
  for (const e of domain.keys()) rank.set(e, choices.int(`${prefix}_r${e}`));
  const inside = (e: number) => and(present, domain.get(e)!);
  const ids = [...domain.keys()].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i]!, ids[j]!];
      choices.require(implies(and(inside(a), inside(b)), neq(rank.get(a)!, rank.get(b)!)), `distinct ranks of ${prefix}`);
    }
  }
  for (const [a, b, c] of base.pairs()) {
    if (!domain.has(a) || !domain.has(b)) continue;
    const order = a === b ? FALSE : lt(rank.get(a)!, rank.get(b)!);
    choices.require(implies(and(c, inside(a), inside(b)), order), `an order of ${prefix} extending its base`);
  }
  const edges: [number, number, BoolTerm][] = [];
  for (const a of ids) for (const b of ids) if (a !== b) edges.push([a, b, and(inside(a), inside(b), lt(rank.get(a)!, rank.get(b)!))]);
  return { ...relValue(Relation.fromPairs(n, edges)), transitive: true };
}

/** An injective rendering of a value key as an SMT-LIB symbol suffix. */
function symbolOf(key: string): string {
  return key.replace(/[^A-Za-z0-9.]/g, (c) => `$${c.charCodeAt(0).toString(16)}`);
}

function gate(r: Relation, c: BoolTerm): Relation {
  return Relation.fromPairs(
    r.n,
    [...r.pairs()].map(([a, b, d]) => [a, b, and(c, d)]),
  );
}

function gateSet(s: EventSet, c: BoolTerm): EventSet {
  const out = new Map<number, BoolTerm>();
  for (const [e, d] of s) {
    const x = and(c, d);
    if (x !== FALSE) out.set(e, x);
  }
  return out;
}
