// Whether a model's axioms are monotone in rf: adding rf edges to an
// execution (its coherence order and control flow kept) can only add edges
// to the relations its axioms check, so a violation found on some of an
// execution's rf edges is a violation of every execution that has them.
// The lazy engine's reasons rely on it (see theory.ts): they keep only the
// rf edges a violation needs. A syntactic, conservative analysis of the cat
// text: anything it cannot see to be monotone makes the model non-monotone,
// and the engine then blocks whole executions instead.

import type { Binding, CatModel, Expr, Statement } from '../../cat/ast.js';

/** How a value depends on rf: not at all, growing with it, or any other way. */
type Dependence = 'static' | 'mono' | 'any';

interface Closure {
  kind: 'closure';
  params: string[];
  body: Expr;
  scope: Scope;
}

type Desc = Dependence | Closure;
type Scope = Map<string, Desc>;

/** Predefined names that grow with rf (memorder's and herd's predefined relations). */
const RF_NAMES = ['rf', 'rfe', 'rfi', 'fr', 'fre', 'fri'];
/** Builtins that are monotone in their argument. */
const MONOTONE_BUILTINS = new Set(['domain', 'range', 'fencerel', 'different-values']);
const OTHER_BUILTINS = ['classes-loc', 'linearisations', 'map', 'cross'];

function join(a: Dependence, b: Dependence): Dependence {
  if (a === 'any' || b === 'any') return 'any';
  return a === 'mono' || b === 'mono' ? 'mono' : 'static';
}

const dependenceOf = (d: Desc): Dependence => (typeof d === 'string' ? d : 'static');

class Analysis {
  private depth = 0;
  /** The model says `with x from ...` somewhere. */
  choices = false;

  constructor(private readonly load: (path: string, from: string) => CatModel) {}

  run(models: readonly CatModel[]): boolean {
    let scope: Scope = new Map();
    for (const n of RF_NAMES) scope.set(n, 'mono');
    for (const n of MONOTONE_BUILTINS) scope.set(n, 'static');
    for (const n of OTHER_BUILTINS) scope.set(n, 'static');
    for (const m of models) {
      const next = this.model(m, scope);
      if (!next) return false;
      scope = next;
    }
    return true;
  }

  private model(m: CatModel, scope: Scope): Scope | undefined {
    for (const s of m.statements) {
      const next = this.statement(s, m.file, scope);
      if (!next) return undefined;
      scope = next;
    }
    return scope;
  }

  private statement(s: Statement, file: string, scope: Scope): Scope | undefined {
    switch (s.kind) {
      case 'let':
        return this.bind(s.rec, s.bindings, scope);
      case 'include':
        return this.model(this.load(s.path, file), scope);
      case 'check': {
        if (s.flag) return scope;
        const d = dependenceOf(this.expr(s.expr, scope));
        // `~empty X` as an axiom: more edges can only help it.
        if (d === 'any' || (s.negated && d !== 'static')) return undefined;
        return scope;
      }
      case 'with':
        this.choices = true;
        return undefined;
      case 'enum': {
        const next = new Map(scope);
        next.set(s.name, 'static');
        return next;
      }
      case 'instructions':
        return scope;
    }
  }

  private bind(rec: boolean, bindings: Binding[], scope: Scope): Scope {
    const next = new Map(scope);
    const value = (b: Binding, s: Scope): Desc => (b.params ? { kind: 'closure', params: b.params, body: b.body, scope: s } : this.expr(b.body, s));
    if (!rec) {
      for (const b of bindings) next.set(b.name, value(b, scope));
      return next;
    }
    // A fixpoint: iterate from 'static' up the three-point lattice.
    for (const b of bindings) next.set(b.name, b.params ? { kind: 'closure', params: b.params, body: b.body, scope: next } : 'static');
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const b of bindings) {
        if (b.params) continue;
        const d = dependenceOf(this.expr(b.body, next));
        if (d !== next.get(b.name)) {
          next.set(b.name, join(d, dependenceOf(next.get(b.name)!)));
          changed = true;
        }
      }
      if (!changed) break;
    }
    return next;
  }

  private joinAll(es: readonly Expr[], scope: Scope): Dependence {
    return es.reduce<Dependence>((d, e) => join(d, dependenceOf(this.expr(e, scope))), 'static');
  }

  private expr(e: Expr, scope: Scope): Desc {
    switch (e.kind) {
      case 'name': {
        const d = scope.get(e.name);
        // Other predefined names (po, loc, co, R, W, tags...) are fixed by the reason.
        return d ?? 'static';
      }
      case 'empty':
      case 'universe':
      case 'tag':
        return 'static';
      case 'binary': {
        const l = dependenceOf(this.expr(e.left, scope));
        const r = dependenceOf(this.expr(e.right, scope));
        if (e.op === '\\') return r === 'static' ? l : 'any';
        return join(l, r);
      }
      case 'postfix':
      case 'identity':
        return dependenceOf(this.expr(e.arg, scope));
      case 'complement':
        return dependenceOf(this.expr(e.arg, scope)) === 'static' ? 'static' : 'any';
      case 'call':
        return this.call(scope.get(e.callee), e.callee, e.args, scope);
      case 'apply': {
        const f = this.expr(e.fn, scope);
        return this.call(f, undefined, e.args, scope);
      }
      case 'fun':
        return { kind: 'closure', params: e.params, body: e.body, scope };
      case 'tuple':
      case 'set':
        return this.joinAll(e.items, scope);
      case 'add':
        return this.joinAll([e.elem, e.to], scope);
      case 'match': {
        if (dependenceOf(this.expr(e.scrutinee, scope)) !== 'static') return 'any';
        return this.joinAll([...e.clauses.map((c) => c.body), ...(e.otherwise ? [e.otherwise] : [])], scope);
      }
      case 'matchSet': {
        if (dependenceOf(this.expr(e.scrutinee, scope)) !== 'static') return 'any';
        const inner = new Map(scope);
        inner.set(e.elem, 'static');
        inner.set(e.rest, 'static');
        return join(dependenceOf(this.expr(e.ifEmpty, scope)), dependenceOf(this.expr(e.body, inner)));
      }
      case 'let':
        return this.expr(e.body, this.bind(e.rec, e.bindings, scope));
      case 'if':
        return this.joinAll([e.then, e.else], scope);
      case 'try':
        return this.joinAll([e.body, e.fallback], scope);
    }
  }

  private call(f: Desc | undefined, name: string | undefined, args: readonly Expr[], scope: Scope): Desc {
    const arg = this.joinAll(args, scope);
    if (f === undefined || typeof f === 'string') {
      if (name !== undefined && MONOTONE_BUILTINS.has(name) && f === 'static') return arg;
      return arg === 'static' && f !== 'any' && f !== 'mono' ? 'static' : 'any';
    }
    if (this.depth > 20) return 'any';
    const inner = new Map(f.scope);
    const descs = args.length === f.params.length ? args.map((a) => this.expr(a, scope)) : f.params.map(() => arg);
    f.params.forEach((p, i) => p !== '_' && inner.set(p, descs[i]!));
    this.depth++;
    try {
      return this.expr(f.body, inner);
    } finally {
      this.depth--;
    }
  }
}

export interface ModelShape {
  /** The axioms are monotone in rf. */
  monotone: boolean;
  /** The model chooses among values (`with x from ...`): what the lazy engine leaves to the eager one. */
  choices: boolean;
}

const cache = new WeakMap<CatModel, Map<string, ModelShape>>();

/** The shape of a model (its prelude, then its cat file), once per set of files. */
export function analyseModel(cat: CatModel, prelude: readonly CatModel[], load: (path: string, from: string) => CatModel): ModelShape {
  const key = prelude.map((m) => m.file).join('\n');
  let byPrelude = cache.get(cat);
  if (!byPrelude) cache.set(cat, (byPrelude = new Map()));
  let v = byPrelude.get(key);
  if (v === undefined) {
    const a = new Analysis(load);
    const monotone = a.run([...prelude, cat]);
    v = { monotone, choices: a.choices || hasWith([...prelude, cat], load) };
    byPrelude.set(key, v);
  }
  return v;
}

/** Whether any statement of the models (includes followed) is a `with`. */
function hasWith(models: readonly CatModel[], load: (path: string, from: string) => CatModel, seen = new Set<string>()): boolean {
  return models.some((m) => {
    if (seen.has(m.file)) return false;
    seen.add(m.file);
    return m.statements.some((s) => s.kind === 'with' || (s.kind === 'include' && hasWith([load(s.path, m.file)], load, seen)));
  });
}
