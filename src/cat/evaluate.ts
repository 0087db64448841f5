// Evaluator of parsed cat models over the events of one test.
//
// Statements run in file order in a lexical scope that starts with the
// builtins and the environment's predefined sets and relations; each `let`
// extends it, so a model may redefine a predefined name (`let R = R | LKR`)
// and later statements see the new value while earlier closures keep the old
// one. `include` runs the included file's statements in the current scope.
// `with x from S` binds x to a pick from S named by choice variables (see
// choices.ts and collections.ts): the checks that follow hold for some pick.

import { InputError } from '../program/errors.js';
import type { Approximation } from '../relations/approximate.js';
import { Relation, type EventSet } from '../relations/relation.js';
import { TRUE } from '../logic/term.js';
import type { Binding, CatModel, CheckKind, Expr, SourcePos, Statement } from './ast.js';
import type { ChoiceProvider } from './choices.js';
import {
  addElement,
  classesByLocation,
  crossOf,
  differentValues,
  elementsOf,
  explicitSet,
  instantiate,
  linearisations,
  unionOfValSets,
  valSet,
  type EventInfo,
} from './collections.js';
import {
  asData,
  asRelation,
  asSet,
  binary,
  boundsOf,
  checkOperand,
  closure,
  combine,
  lazy,
  complementOf,
  describe,
  domainOf,
  fencerel,
  force,
  identity,
  memberCount,
  postfix,
  rangeOf,
  relValue,
  sameData,
  sameSupport,
  Scope,
  setValue,
  boundOf,
  type Bound,
  type BuiltinName,
  type DataValue,
  type Member,
  type Universe,
  type Value,
} from './values.js';

export interface CatEnv {
  /** Number of events; relation keys are a*n+b. */
  n: number;
  /** All events (`_`). */
  universe: EventSet;
  /** Predefined sets: R W M F IW FW and tag sets (Once, Acquire, Mb, LKR, Rcu-lock, ...). */
  sets: ReadonlyMap<string, EventSet>;
  /** Predefined relations: po loc int ext id rf co fr rfe rfi coe coi fre fri po-loc rmw addr data ctrl. */
  relations: ReadonlyMap<string, Relation>;
  /** herd -variant names, for `if "name" then a else b`. */
  variants: ReadonlySet<string>;
  /**
   * When given, closures and monotone `let rec`s of symbolic relations are
   * upper-approximated with fresh variables (their constraints collect
   * there), and each check says how its value relates to the exact one.
   */
  approximation?: Approximation;
  /** Where `with x from S` gets its choice variables (required by models that use it). */
  choices?: ChoiceProvider;
  /** Values and locations of events, for different-values and classes-loc. */
  eventInfo?: EventInfo;
}

export interface ModelCheck {
  kind: CheckKind;
  /** `~empty`, `~acyclic` ... */
  negated: boolean;
  /** `flag ~empty X as name`: reported, not required. */
  flag: boolean;
  /** The `as` name, or `<kind>#<k>` for the k-th check of the model (1-based). */
  name: string;
  value: Relation | EventSet;
  /** `exact` unless the environment allowed approximations. */
  bound: Bound;
  pos: SourcePos;
}

export interface ModelResult {
  checks: ModelCheck[];
  title?: string;
  /** The value a name has at the end of the model (e.g. the `co` a model generated), if a set or relation. */
  final(name: string): DataValue | undefined;
}

export type CatLoader = (path: string, from: string) => CatModel;

/**
 * Runs `model` after the files of `prelude` (e.g. herd's standard library
 * and a bell file), all in one scope; checks come from all of them in order.
 */
export function evaluateModel(model: CatModel, env: CatEnv, load: CatLoader, prelude: readonly CatModel[] = []): ModelResult {
  const evaluator = new ModelEvaluator(env, load);
  const scope = evaluator.run([...prelude, model]);
  return {
    checks: evaluator.checks,
    title: model.title,
    final: (name) => {
      const v = scope.lookup(name);
      if (!v) return undefined;
      const w = force(v);
      return w.kind === 'set' || w.kind === 'rel' || w.kind === 'empty' ? w : undefined;
    },
  };
}

type NameUse = { name: string; pos: SourcePos };

/**
 * The first name in `e` bound neither in `scope` nor locally (a parameter
 * of the function `e` is the body of). The body of a `try` may name
 * undefined things on purpose and is not searched.
 */
function firstUnknownName(e: Expr, scope: Scope, locals: ReadonlySet<string>): NameUse | undefined {
  for (const use of freeNames(e)) if (!locals.has(use.name) && scope.lookup(use.name) === undefined) return use;
  return undefined;
}

const freeNamesOf = new WeakMap<Expr, NameUse[]>();

/**
 * The names `e` uses without binding them (by an inner `let` or a
 * function's parameters), first use first: syntax only, computed once per
 * expression (a model's bindings are checked at every evaluation).
 */
function freeNames(e: Expr): NameUse[] {
  let uses = freeNamesOf.get(e);
  if (!uses) {
    const out = new Map<string, NameUse>();
    collectFreeNames(e, new Set(), out);
    freeNamesOf.set(e, (uses = [...out.values()]));
  }
  return uses;
}

function collectFreeNames(e: Expr, bound: ReadonlySet<string>, out: Map<string, NameUse>): void {
  const use = (name: string, pos: SourcePos) => {
    if (!bound.has(name) && !out.has(name)) out.set(name, { name, pos });
  };
  const all = (es: Expr[], b: ReadonlySet<string> = bound) => es.forEach((x) => collectFreeNames(x, b, out));
  switch (e.kind) {
    case 'name':
      return use(e.name, e.pos);
    case 'empty':
    case 'universe':
    case 'tag':
      return;
    case 'binary':
      return all([e.left, e.right]);
    case 'postfix':
    case 'complement':
    case 'identity':
      return all([e.arg]);
    case 'call':
      use(e.callee, e.pos);
      return all(e.args);
    case 'apply':
      return all([e.fn, ...e.args]);
    case 'fun':
      return all([e.body], new Set([...bound, ...e.params]));
    case 'tuple':
    case 'set':
      return all(e.items);
    case 'add':
      return all([e.elem, e.to]);
    case 'match':
      return all([e.scrutinee, ...e.clauses.map((c) => c.body), ...(e.otherwise ? [e.otherwise] : [])]);
    case 'matchSet':
      all([e.scrutinee, e.ifEmpty]);
      return all([e.body], new Set([...bound, e.elem, e.rest]));
    case 'let': {
      const inner = new Set([...bound, ...e.bindings.map((b) => b.name)]);
      for (const b of e.bindings) all([b.body], new Set([...(e.rec ? inner : bound), ...(b.params ?? [])]));
      return all([e.body], inner);
    }
    case 'if':
      return all([e.then, e.else]);
    case 'try':
      return all([e.fallback]);
  }
}

/** A set or relation with no member at all (not even a conditional one). */
function isEmptyData(v: Value): boolean {
  if (v.kind === 'empty') return true;
  if (v.kind === 'set') return v.set.size === 0;
  if (v.kind === 'rel') return v.rel.size === 0;
  return false;
}

/** The components of a tuple argument (a pair counts as two events). */
function itemsOf(v: Value): Value[] {
  const w = force(v);
  if (w.kind === 'tuple') return w.items;
  if (w.kind === 'pair') return [{ kind: 'event', id: w.from }, { kind: 'event', id: w.to }];
  return [w];
}

/** A name with no binding. Distinct from other input errors because `try` catches it. */
export class UnknownNameError extends InputError {
  constructor(pos: SourcePos, name: string) {
    super(pos, `unknown name '${name}'`);
  }
}

/** Builtins and how many successive applications each takes (`map f S`: two). */
const BUILTINS: ReadonlyMap<BuiltinName, number> = new Map<BuiltinName, number>([
  ['domain', 1],
  ['range', 1],
  ['fencerel', 1],
  ['different-values', 1],
  ['classes-loc', 1],
  ['linearisations', 1],
  ['map', 2],
  ['cross', 1],
]);

class ModelEvaluator {
  readonly checks: ModelCheck[] = [];
  private readonly universe: Universe;
  /** Files whose statements are being run, outermost first: detects include cycles. */
  private readonly running: string[] = [];
  /** Tags declared by `enum`, with the enum that declares each. */
  private readonly tags = new Map<string, string>();

  constructor(
    private readonly env: CatEnv,
    private readonly load: CatLoader,
  ) {
    this.universe = { n: env.n, all: env.universe };
  }

  /** Runs the models in order in one scope; returns the final scope. */
  run(models: readonly CatModel[]): Scope {
    let scope = this.baseScope();
    for (const m of models) scope = this.runModel(m, scope);
    return scope;
  }

  /** Builtins, then predefined sets, then predefined relations (later ones shadow). */
  private baseScope(): Scope {
    const vars = new Map<string, Value>();
    for (const name of BUILTINS.keys()) vars.set(name, { kind: 'builtin', name, applied: [] });
    vars.set('emptyset', { kind: 'empty', hint: 'set' });
    for (const [name, set] of this.env.sets) vars.set(name, setValue(set));
    for (const [name, rel] of this.env.relations) vars.set(name, relValue(rel));
    return new Scope(vars);
  }

  // ------------------------------------------------------------ statements

  private runModel(model: CatModel, scope: Scope): Scope {
    this.running.push(model.file);
    try {
      for (const s of model.statements) scope = this.statement(s, model.file, scope);
      return scope;
    } finally {
      this.running.pop();
    }
  }

  private statement(s: Statement, file: string, scope: Scope): Scope {
    switch (s.kind) {
      case 'let':
        return scope.extend(this.bind(s.rec, s.bindings, scope, s.pos));
      case 'include':
        return this.include(s.path, file, scope, s.pos);
      case 'check':
        this.checks.push(this.check(s, scope));
        return scope;
      case 'with':
        return scope.extend(new Map([[s.name, this.withFrom(s.expr, scope, s.pos)]]));
      case 'enum': {
        for (const t of s.tags) this.tags.set(t, s.name);
        const members: Member[] = s.tags.map((name) => ({ value: { kind: 'tag', name, type: s.name }, cond: TRUE }));
        return scope.extend(new Map([[s.name, valSet(members, 'exact')]]));
      }
      case 'instructions':
        return scope;
    }
  }

  /** `with x from e`: x's value as a function of the choice variables. */
  private withFrom(e: Expr, scope: Scope, pos: SourcePos): Value {
    const choices = this.env.choices;
    if (!choices) throw new InputError(pos, "'with ... from' needs choice variables, which this evaluation does not provide");
    return instantiate(this.expr(e, scope), choices, this.env.n, pos);
  }

  private include(path: string, from: string, scope: Scope, pos: SourcePos): Scope {
    let model: CatModel;
    try {
      model = this.load(path, from);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(pos, `cannot include "${path}": ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.running.includes(model.file)) {
      throw new InputError(pos, `include cycle: ${[...this.running, model.file].join(' -> ')}`);
    }
    return this.runModel(model, scope);
  }

  private check(s: Extract<Statement, { kind: 'check' }>, scope: Scope): ModelCheck {
    const { value, bound } = checkOperand(s.check, this.expr(s.expr, scope), this.universe, s.expr.pos);
    return {
      bound,
      kind: s.check,
      negated: s.negated,
      flag: s.flag,
      name: s.name ?? `${s.check}#${this.checks.length + 1}`,
      value,
      pos: s.pos,
    };
  }

  // ------------------------------------------------------------ bindings

  /** The values bound by one `let` / `let rec` (statement or expression). */
  private bind(rec: boolean, bindings: Binding[], scope: Scope, pos: SourcePos): Map<string, Value> {
    if (rec) return this.fixpoint(bindings, scope, pos);
    // Plain `let ... and ...`: every body sees the outer scope only.
    const out = new Map<string, Value>();
    for (const b of bindings) {
      // Evaluated on first use, but a misspelt name is reported now.
      const missing = firstUnknownName(b.body, scope, new Set(b.params ?? []));
      if (missing) throw new UnknownNameError(missing.pos, missing.name);
      out.set(b.name, b.params ? closure(b, b.params, scope) : lazy(() => this.strict(b.body, scope)));
    }
    return out;
  }

  /**
   * `let rec x1 = e1 and ... and xk = ek`: starting from all-empty values,
   * re-evaluate the bodies until nothing changes.
   *
   * Each pass evaluates the bodies in order, each one seeing the values just
   * computed by the bodies before it (not those of the previous pass). The
   * LKMM's RCU nesting matcher depends on this: it is not monotone, and with
   * simultaneous updates it would match an outer lock with an inner unlock
   * before the inner pair is found.
   *
   * Concrete inputs stop at exact equality. Over symbolic inputs, equal
   * meaning need not give identical condition terms, so the iteration also
   * stops once the may-edges stopped changing and the number of passes
   * exceeds their count + 2: for monotone bodies every concrete valuation
   * gains at least one edge per pass until its own fixpoint, so by then each
   * edge's condition is exactly that of the fixpoint.
   */
  private fixpoint(bindings: Binding[], scope: Scope, pos: SourcePos): Map<string, Value> {
    const fns = bindings.filter((b) => b.params);
    if (fns.length === bindings.length) return this.recursiveFunctions(bindings, scope);
    if (fns.length > 0) throw new InputError(fns[0]!.pos, "unsupported cat construct 'let rec' mixing functions and values");
    const approx = this.env.approximation;
    if (approx) {
      const upper = this.upperFixpoint(bindings, scope, approx);
      if (upper) return upper;
    }
    return this.exactFixpoint(bindings, scope, pos);
  }

  /**
   * Upper approximation of a monotone `let rec` over relations: fresh
   * variables x on the may-edges of the fixpoint, with F(x) ⊆ x. The may-
   * edges are found by re-evaluating the bodies over growing variable sets.
   * Returns undefined when a body is not monotone (its value is not an
   * upper bound when the variables are) or not a relation.
   */
  private upperFixpoint(bindings: Binding[], scope: Scope, approx: Approximation): Map<string, Value> | undefined {
    const n = this.env.n;
    let support = new Map<string, Set<number>>(bindings.map((b) => [b.name, new Set()]));
    for (let pass = 0; pass <= bindings.length * n * n + 1; pass++) {
      const vars = new Map<string, Relation>();
      for (const [name, keys] of support) vars.set(name, approx.freshRelation(n, keys, `rec_${name}_`));
      const values = new Map<string, Value>([...vars].map(([name, rel]) => [name, relValue(rel, 'upper')]));
      const inner = scope.extend(values);
      const results = new Map<string, Relation>();
      for (const b of bindings) {
        const v = asData(this.expr(b.body, inner), b.body.pos, `'let rec ${b.name}'`);
        const bound = boundOf(v);
        if (v.kind === 'set' || (bound !== 'upper' && bound !== 'exact')) return undefined;
        results.set(b.name, v.kind === 'rel' ? v.rel : Relation.empty(n));
      }
      let grown = false;
      const next = new Map<string, Set<number>>();
      for (const [name, rel] of results) {
        const keys = new Set(support.get(name));
        for (const k of rel.edges.keys()) if (!keys.has(k)) (keys.add(k), (grown = true));
        next.set(name, keys);
      }
      if (!grown) {
        for (const [name, rel] of results) approx.include(rel, vars.get(name)!);
        return values;
      }
      support = next;
    }
    return undefined;
  }

  /** `let rec f x = ... and g y = ...`: closures that see each other. */
  private recursiveFunctions(bindings: Binding[], scope: Scope): Map<string, Value> {
    const vars = new Map<string, Value>();
    const inner = scope.extend(vars);
    for (const b of bindings) vars.set(b.name, closure(b, b.params!, inner));
    return new Map(vars);
  }

  private exactFixpoint(bindings: Binding[], scope: Scope, pos: SourcePos): Map<string, Value> {
    const values = new Map<string, DataValue>(bindings.map((b) => [b.name, { kind: 'empty', hint: 'rel' }]));
    const inner = scope.extend(values);
    const n = this.env.n;
    const maxPasses = bindings.length * n * n + 2;
    for (let pass = 1; ; pass++) {
      let identical = true;
      let supportChanged = false;
      for (const b of bindings) {
        const previous = values.get(b.name)!;
        const next = asData(this.expr(b.body, inner), b.body.pos, `'let rec ${b.name}'`);
        identical &&= sameData(previous, next);
        supportChanged ||= !sameSupport(previous, next);
        values.set(b.name, next);
      }
      if (identical) break;
      const members = [...values.values()].reduce((sum, v) => sum + memberCount(v), 0);
      if (!supportChanged && pass > members + 2) break;
      if (pass > maxPasses) {
        const names = bindings.map((b) => b.name).join(', ');
        throw new InputError(pos, `let rec ${names}: no fixpoint after ${pass} iterations`);
      }
    }
    return new Map(values);
  }

  // ------------------------------------------------------------ expressions

  private expr(e: Expr, scope: Scope): Value {
    const u = this.universe;
    switch (e.kind) {
      case 'name':
        return this.lookup(e.name, scope, e.pos);
      case 'empty':
        return { kind: 'empty', hint: e.hint };
      case 'universe':
        return setValue(this.env.universe);
      case 'binary': {
        if (e.op === ';' && this.emptyCheapOperand(e, scope)) return { kind: 'empty', hint: 'rel' };
        const left = this.expr(e.left, scope);
        // Nothing composed with, intersected with or subtracted from an empty
        // value: the right operand need not be computed (often the costly
        // part, e.g. xbstar when a test has no plain accesses).
        if ((e.op === ';' || e.op === '&' || e.op === '\\') && isEmptyData(left)) {
          return e.op === ';' ? { kind: 'empty', hint: 'rel' } : (left as DataValue);
        }
        const right = this.expr(e.right, scope);
        if (e.op === '|') {
          const values = unionOfValSets(left, right);
          if (values) return values;
        }
        return binary(e.op, left, right, u, e.pos);
      }
      case 'postfix':
        return postfix(e.op, this.expr(e.arg, scope), u, e.pos, this.env.approximation);
      case 'complement':
        return complementOf(this.expr(e.arg, scope), u, e.pos);
      case 'identity':
        return identity(this.expr(e.arg, scope), u, e.pos);
      case 'call': {
        const f = this.lookup(e.callee, scope, e.pos);
        return this.apply(f, e.args.map((a) => this.expr(a, scope)), e.pos, e.callee);
      }
      case 'apply':
        return this.apply(this.expr(e.fn, scope), e.args.map((a) => this.expr(a, scope)), e.pos, 'the function');
      case 'fun':
        return { kind: 'function', name: 'fun', params: e.params, body: e.body, scope };
      case 'tuple':
        return { kind: 'tuple', items: e.items.map((x) => force(this.expr(x, scope))) };
      case 'set':
        return explicitSet(
          e.items.map((x) => this.expr(x, scope)),
          this.env.n,
          e.pos,
        );
      case 'add':
        return addElement(this.expr(e.elem, scope), this.expr(e.to, scope), e.to.kind === 'empty' ? e.to.hint : undefined, this.env.n, e.pos);
      case 'tag': {
        const type = this.tags.get(e.name);
        if (!type) throw new InputError(e.pos, `tag '${e.name} is undefined`);
        return { kind: 'tag', name: e.name, type };
      }
      case 'match': {
        const v = force(this.expr(e.scrutinee, scope));
        if (v.kind !== 'tag') throw new InputError(e.scrutinee.pos, `match on tags expects a tag, found ${describe(v)}`);
        const clause = e.clauses.find((c) => c.tag === v.name);
        if (clause) return this.expr(clause.body, scope);
        if (e.otherwise) return this.expr(e.otherwise, scope);
        throw new InputError(e.pos, `pattern matching failed on value '${v.name}`);
      }
      case 'matchSet':
        return this.matchSet(e, scope);
      case 'let':
        return this.expr(e.body, scope.extend(this.bind(e.rec, e.bindings, scope, e.pos)));
      case 'if':
        return this.expr(this.env.variants.has(e.variant) ? e.then : e.else, scope);
      case 'try':
        return this.tryWith(e.body, e.fallback, scope);
    }
  }

  /**
   * Whether a sequence `a ; b ; ... ; z` has an operand that is cheap to get
   * (a name, `[name]`, `name^-1`) and empty: then so is the sequence, and the
   * other operands (say, the closure of a symbolic co) need not be computed.
   */
  private emptyCheapOperand(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): boolean {
    const operands: Expr[] = [];
    const flatten = (x: Expr) => {
      if (x.kind === 'binary' && x.op === ';') {
        flatten(x.left);
        flatten(x.right);
      } else operands.push(x);
    };
    flatten(e);
    for (const x of operands) {
      const inner = x.kind === 'identity' || (x.kind === 'postfix' && x.op === '^-1') ? x.arg : x;
      if (inner.kind !== 'name' || !scope.lookup(inner.name)) continue;
      if (isEmptyData(this.lookup(inner.name, scope, inner.pos))) return true;
    }
    return false;
  }

  private lookup(name: string, scope: Scope, pos: SourcePos): Value {
    const v = scope.lookup(name);
    if (!v) throw new UnknownNameError(pos, name);
    return v.kind === 'lazy' ? v.force() : v;
  }

  /**
   * Evaluates a deferred `let` body. An unknown name in it is an error of
   * the binding itself, not something a `try` around the later use may catch.
   */
  private strict(body: Expr, scope: Scope): Value {
    try {
      return this.expr(body, scope);
    } catch (err) {
      if (err instanceof UnknownNameError) throw new InputError(err.pos, err.detail);
      throw err;
    }
  }

  /** `try e with e2`: e2 when e refers to an undefined name (herd's idiom for optional definitions). */
  private tryWith(body: Expr, fallback: Expr, scope: Scope): Value {
    try {
      return this.expr(body, scope);
    } catch (err) {
      if (err instanceof UnknownNameError) return this.expr(fallback, scope);
      throw err;
    }
  }

  /**
   * Applies a function to the arguments of one application (several
   * arguments are one tuple, as in herd: `f(a, b)` is f applied to (a, b)).
   */
  private apply(fv: Value, args: Value[], pos: SourcePos, name: string): Value {
    const f = force(fv);
    const arg: Value = args.length === 1 ? args[0]! : { kind: 'tuple', items: args.map(force) };
    if (f.kind === 'builtin') {
      const applied = [...f.applied, arg];
      if (applied.length < BUILTINS.get(f.name)!) return { kind: 'builtin', name: f.name, applied };
      return this.builtin(f.name, applied, pos);
    }
    if (f.kind !== 'function') throw new InputError(pos, `'${name}' is not a function`);
    const params = new Map<string, Value>();
    if (f.params.length === 1) {
      if (f.params[0] !== '_') params.set(f.params[0]!, arg);
    } else {
      const items = itemsOf(arg);
      if (items.length !== f.params.length) {
        throw new InputError(pos, `'${name}' takes ${f.params.length} argument(s), got ${items.length}`);
      }
      f.params.forEach((p, k) => p !== '_' && params.set(p, items[k]!));
    }
    return this.expr(f.body, f.scope.extend(params));
  }

  private builtin(name: BuiltinName, args: Value[], pos: SourcePos): Value {
    const u = this.universe;
    const arg = args[0]!;
    switch (name) {
      case 'domain':
        return domainOf(arg, u, pos);
      case 'range':
        return rangeOf(arg, u, pos);
      case 'fencerel':
        return fencerel(this.predefinedPo(pos), arg, u, pos);
      case 'different-values': {
        const d = asData(arg, pos, "'different-values'");
        return relValue(differentValues(asRelation(d, u, pos, "'different-values'"), this.eventInfo(pos, name)), boundsOf(d));
      }
      case 'classes-loc': {
        const d = asData(arg, pos, "'classes-loc'");
        return classesByLocation(asSet(d, pos, "'classes-loc'"), boundsOf(d), this.eventInfo(pos, name), pos);
      }
      case 'linearisations': {
        const items = itemsOf(arg);
        if (items.length !== 2) throw new InputError(pos, "'linearisations' takes 2 arguments (a set and a relation)");
        const s = asData(items[0]!, pos, "'linearisations'");
        const r = asData(items[1]!, pos, "'linearisations'");
        return linearisations(asSet(s, pos, "'linearisations'"), asRelation(r, u, pos, "'linearisations'"), boundsOf(s, r));
      }
      case 'map': {
        const [f, s] = args as [Value, Value];
        const { members, bound } = elementsOf(s, pos, "'map'");
        let b = bound;
        const out = members.map((m) => {
          const value = force(this.apply(f, [m.value], pos, 'the mapped function'));
          b = combine(b, boundsOf(value));
          return { value, cond: m.cond };
        });
        return valSet(out, b);
      }
      case 'cross':
        return crossOf(arg, pos);
    }
  }

  /** `match s with {} -> e1 || x ++ xs -> e2 end`, on a set whose members do not depend on the execution. */
  private matchSet(e: Extract<Expr, { kind: 'matchSet' }>, scope: Scope): Value {
    const s = force(this.expr(e.scrutinee, scope));
    const { members } = elementsOf(s, e.scrutinee.pos, "'match'");
    if (members.length === 0) return this.expr(e.ifEmpty, scope);
    if (members.some((m) => m.cond !== TRUE)) {
      throw new InputError(e.pos, "unsupported: 'match' on a set whose members depend on the execution");
    }
    const [first, ...rest] = members;
    let restValue: Value;
    if (s.kind === 'set') restValue = setValue(new Map(rest.map((m) => [(m.value as { id: number }).id, TRUE])), s.bound);
    else if (s.kind === 'rel') {
      restValue = relValue(
        Relation.fromPairs(
          this.env.n,
          rest.map((m) => {
            const p = m.value as { from: number; to: number };
            return [p.from, p.to, TRUE];
          }),
        ),
        s.bound,
      );
    } else restValue = valSet(rest, s.kind === 'valset' ? s.bound : 'exact');
    const vars = new Map<string, Value>();
    if (e.elem !== '_') vars.set(e.elem, first!.value);
    if (e.rest !== '_') vars.set(e.rest, restValue);
    return this.expr(e.body, scope.extend(vars));
  }

  private eventInfo(pos: SourcePos, what: string): EventInfo {
    const info = this.env.eventInfo;
    if (!info) throw new InputError(pos, `'${what}' needs the events' values and locations, which this evaluation does not provide`);
    return info;
  }

  /** fencerel uses the environment's po, whatever the model rebinds. */
  private predefinedPo(pos: SourcePos): Relation {
    const po = this.env.relations.get('po');
    if (!po) throw new InputError(pos, "fencerel needs the predefined relation 'po'");
    return po;
  }
}
