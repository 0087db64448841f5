// Small hand-built environments and accessors for the cat tests.

import type { Expr } from '../../src/cat/ast.js';
import { evaluateModel, type CatEnv, type ModelCheck, type ModelResult } from '../../src/cat/evaluate.js';
import { parseCat } from '../../src/cat/parser.js';
import type { BoolTerm } from '../../src/logic/term.js';
import { Relation, TRUE, type EventSet } from '../../src/relations/relation.js';

export type Edge = [number, number] | [number, number, BoolTerm];

/** A set member: an event, or an event with its membership condition. */
export type Member = number | [number, BoolTerm];

export interface EnvSpec {
  n: number;
  sets?: Record<string, Member[]>;
  relations?: Record<string, Edge[]>;
  variants?: string[];
}

export function set(members: Member[]): EventSet {
  return new Map(members.map((m) => (typeof m === 'number' ? [m, TRUE] : m)));
}

export function rel(n: number, edges: Edge[]): Relation {
  return Relation.fromPairs(
    n,
    edges.map(([a, b, c]) => [a, b, c ?? TRUE]),
  );
}

export function makeEnv(spec: EnvSpec): CatEnv {
  const { n } = spec;
  const universe = set([...Array(n).keys()]);
  const sets = new Map(Object.entries(spec.sets ?? {}).map(([k, v]) => [k, set(v)]));
  const relations = new Map(Object.entries(spec.relations ?? {}).map(([k, v]) => [k, rel(n, v)]));
  return { n, universe, sets, relations, variants: new Set(spec.variants ?? []) };
}

/** Parses and evaluates `text`; `files` serves `include`. */
export function run(text: string, env: CatEnv, files: Record<string, string> = {}): ModelResult {
  return evaluateModel(parseCat(text, 'test.cat'), env, (path) => {
    const src = files[path];
    if (src === undefined) throw new Error(`no such file ${path}`);
    return parseCat(src, path);
  });
}

/** The value of expression `expr` after the statements `prelude`, via an `empty` check. */
export function valueOf(env: CatEnv, expr: string, prelude = ''): Relation | EventSet {
  const checks = run(`${prelude}\nempty ${expr} as probe\n`, env).checks;
  return checks[checks.length - 1]!.value;
}

/** Edges of a relation (or members of a set) as sorted strings: "0->1" / "2". */
export function show(v: Relation | EventSet): string[] {
  if (v instanceof Relation) return [...v.pairs()].map(([a, b]) => `${a}->${b}`).sort();
  return [...v.keys()].map(String).sort();
}

/** Edges of the relation computed by `expr`. */
export function edgesOf(env: CatEnv, expr: string, prelude = ''): string[] {
  const v = valueOf(env, expr, prelude);
  if (!(v instanceof Relation)) throw new Error(`${expr} is a set`);
  return show(v);
}

export function membersOf(env: CatEnv, expr: string, prelude = ''): string[] {
  const v = valueOf(env, expr, prelude);
  if (v instanceof Relation) throw new Error(`${expr} is a relation`);
  return show(v);
}

export function checkNamed(result: ModelResult, name: string): ModelCheck {
  const c = result.checks.find((k) => k.name === name);
  if (!c) throw new Error(`no check ${name}`);
  return c;
}

/** Fully parenthesised rendering of an expression, to pin down precedence. */
export function render(e: Expr): string {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'empty':
      return e.hint === 'rel' ? '0' : '{}';
    case 'universe':
      return '_';
    case 'binary':
      return `(${render(e.left)} ${e.op} ${render(e.right)})`;
    case 'postfix':
      return `${render(e.arg)}${e.op}`;
    case 'complement':
      return `~${render(e.arg)}`;
    case 'identity':
      return `[${render(e.arg)}]`;
    case 'call':
      return `${e.callee}(${e.args.map(render).join(', ')})`;
    case 'apply':
      return `(${render(e.fn)})(${e.args.map(render).join(', ')})`;
    case 'fun':
      return `fun (${e.params.join(', ')}) -> ${render(e.body)}`;
    case 'tuple':
      return `(${e.items.map(render).join(', ')},)`;
    case 'set':
      return `{${e.items.map(render).join(', ')}}`;
    case 'add':
      return `(${render(e.elem)} ++ ${render(e.to)})`;
    case 'tag':
      return `'${e.name}`;
    case 'match':
      return `match ${render(e.scrutinee)} with ${[
        ...e.clauses.map((c) => `'${c.tag} -> ${render(c.body)}`),
        ...(e.otherwise ? [`_ -> ${render(e.otherwise)}`] : []),
      ].join(' || ')} end`;
    case 'matchSet':
      return `match ${render(e.scrutinee)} with {} -> ${render(e.ifEmpty)} || ${e.elem} ++ ${e.rest} -> ${render(e.body)} end`;
    case 'let':
      return `let${e.rec ? ' rec' : ''} ${e.bindings.map((b) => `${b.name} = ${render(b.body)}`).join(' and ')} in ${render(e.body)}`;
    case 'if':
      return `if "${e.variant}" then ${render(e.then)} else ${render(e.else)}`;
    case 'try':
      return `try ${render(e.body)} with ${render(e.fallback)}`;
  }
}

/** The body of `let x = <text>`, rendered. */
export function parsed(text: string): string {
  const s = parseCat(`let x = ${text}`, 'p.cat').statements[0]!;
  if (s.kind !== 'let') throw new Error('not a let');
  return render(s.bindings[0]!.body);
}
