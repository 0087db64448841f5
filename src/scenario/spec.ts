// Scenario specs (`*.spec.ts`): the argument of `scenario({...})` read from
// the source — memory layout, threads, the forbidden outcome, expectations
// per model, variants — and each variant compiled to a Program.
//
//   export default scenario({
//     name, commit, description,
//     memory: { pte: cell(PRESENT), page: { refcount: atomic(1) } },
//     threads: { gup: (m) => gupFast(m.pte, m.page), ksm: (m) => writeProtect(m.pte, m.page) },
//     forbidden: (r, m) => r.gup === true && r.ksm === true,
//     expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
//     variants: { 'before-fix': { commit, replace: [[writeProtect, writeProtectOld]], expect: {...} },
//                 'no-mb': { drop: ['gup.pin'], expect: {...} } },
//   });

import type * as Morph from 'ts-morph';
import { InputError } from '../program/errors.js';
import type { Observable, Program, Prop, SourcePos } from '../program/ir.js';
import { applyEdits, type ProgramEdit } from '../program/edit.js';
import { ThreadCompiler, type LayoutCell, type LayoutNode, type LayoutObject } from './compile.js';
import type { BarrierSiteInfo } from './barriers.js';
import { TLB_CONSTRUCTORS } from './translation.js';
import { displayName, functionKey, posOf, type FunctionDeclaration, type Node, type ScenarioProject, type SourceFile } from './project.js';

export type ExpectedVerdict = 'Never' | 'Sometimes' | 'Always';

export interface Expectation {
  model: string;
  verdict: ExpectedVerdict;
  pos: SourcePos;
}

export interface SpecVariant {
  /** `fixed` for the code as it is; the key of `variants` otherwise. */
  name: string;
  description?: string;
  commit?: string;
  pos: SourcePos;
  edits: ProgramEdit[];
  /** Function key -> the function run in its place. */
  substitutions: Map<string, FunctionDeclaration>;
  expect: Expectation[];
}

export interface ScenarioSpec {
  /** The spec file as given. */
  file: string;
  name: string;
  description?: string;
  commit?: string;
  pos: SourcePos;
  memory: LayoutObject;
  /** The cells of `memory`, in declaration order. */
  cells: LayoutCell[];
  threads: { name: string; node: Node; pos: SourcePos }[];
  forbidden: { node: Node; pos: SourcePos };
  /** `fixed` first, then the declared variants. */
  variants: SpecVariant[];
}

const VERDICTS = ['Never', 'Sometimes', 'Always'];
const CELL_TYPES: Readonly<Record<string, LayoutCell['type']>> = {
  cell: 'int',
  atomic: 'atomic_t',
  spinlock: 'spinlock_t',
  srcu: 'srcu_struct',
};

/** Reads the scenario of a spec file. Throws InputError on anything malformed. */
export function readScenario(project: ScenarioProject, file: string): ScenarioSpec {
  return new SpecReader(project, project.file(file)).read(file);
}

class SpecReader {
  private readonly N;
  constructor(
    private readonly project: ScenarioProject,
    private readonly sf: SourceFile,
  ) {
    this.N = project.ts.Node;
  }

  private fail(node: Node, message: string): never {
    throw new InputError(posOf(node), message);
  }

  read(file: string): ScenarioSpec {
    const call = this.scenarioCall();
    const args = call.getArguments();
    const obj = args[0];
    if (args.length !== 1 || !obj || !this.N.isObjectLiteralExpression(obj)) this.fail(call, 'scenario() takes one object literal');
    const props = this.properties(obj, ['name', 'description', 'commit', 'memory', 'threads', 'forbidden', 'expect', 'variants']);
    const need = (key: string): Node => props.get(key) ?? this.fail(obj, `the scenario has no '${key}'`);
    const memoryNode = need('memory');
    const cells: LayoutCell[] = [];
    const memory = this.layout(memoryNode, '', cells);
    const threadsNode = need('threads');
    if (!this.N.isObjectLiteralExpression(threadsNode)) this.fail(threadsNode, "'threads' must be an object literal of functions");
    const threads = [...this.properties(threadsNode).entries()].map(([name, node]) => ({ name, node, pos: posOf(node) }));
    if (threads.length === 0) this.fail(threadsNode, 'the scenario has no threads');
    const forbidden = need('forbidden');
    const spec: ScenarioSpec = {
      file,
      name: this.string(need('name')),
      pos: posOf(call),
      memory,
      cells,
      threads,
      forbidden: { node: forbidden, pos: posOf(forbidden) },
      variants: [{ name: 'fixed', pos: posOf(need('expect')), edits: [], substitutions: new Map(), expect: this.expectations(need('expect')) }],
    };
    if (props.has('description')) spec.description = this.string(props.get('description')!);
    if (props.has('commit')) spec.commit = this.string(props.get('commit')!);
    if (spec.commit) spec.variants[0]!.commit = spec.commit;
    const variants = props.get('variants');
    if (variants) {
      if (!this.N.isObjectLiteralExpression(variants)) this.fail(variants, "'variants' must be an object literal");
      for (const [name, node] of this.properties(variants)) spec.variants.push(this.variant(name, node));
    }
    return spec;
  }

  /** The one `scenario(...)` call of the file. */
  private scenarioCall(): Morph.CallExpression {
    const K = this.project.ts.SyntaxKind;
    const calls = this.sf.getDescendantsOfKind(K.CallExpression).filter((c) => {
      const callee = c.getExpression();
      if (!this.N.isIdentifier(callee)) return false;
      const r = this.project.resolveName(this.sf, callee.getText(), callee);
      return r?.kind === 'kernel' && r.name === 'scenario';
    });
    if (calls.length === 0) this.fail(this.sf, "no scenario({...}) call (import { scenario } from 'memorder/kernel')");
    if (calls.length > 1) this.fail(calls[1]!, 'one scenario per file');
    return calls[0]!;
  }

  /** Property name -> initialiser of an object literal, rejecting unknown keys when `allowed` is given. */
  private properties(obj: Morph.ObjectLiteralExpression, allowed?: string[]): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const p of obj.getProperties()) {
      let name: string;
      let value: Node;
      if (this.N.isPropertyAssignment(p)) {
        const n = p.getNameNode();
        name = this.N.isStringLiteral(n) ? n.getLiteralValue() : n.getText();
        value = p.getInitializerOrThrow();
      } else if (this.N.isShorthandPropertyAssignment(p)) {
        name = p.getName();
        value = p.getNameNode();
      } else if (this.N.isMethodDeclaration(p)) {
        this.fail(p, `write '${p.getName()}' as a property with an arrow function`);
      } else this.fail(p, 'unsupported property in a scenario');
      if (allowed && !allowed.includes(name)) this.fail(p, `unknown scenario property '${name}' (known: ${allowed.join(', ')})`);
      if (out.has(name)) this.fail(p, `duplicate property '${name}'`);
      out.set(name, value);
    }
    return out;
  }

  private string(node: Node): string {
    if (this.N.isStringLiteral(node) || this.N.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
    return this.fail(node, 'expected a string literal');
  }

  private strings(node: Node): { text: string; pos: SourcePos }[] {
    if (!this.N.isArrayLiteralExpression(node)) this.fail(node, 'expected an array of strings');
    return node.getElements().map((e) => ({ text: this.string(e), pos: posOf(e) }));
  }

  /** The memory layout: cells made by cell()/atomic()/spinlock()/srcu(), structures as nested objects. */
  private layout(node: Node, path: string, cells: LayoutCell[]): LayoutObject {
    if (!this.N.isObjectLiteralExpression(node)) this.fail(node, "'memory' must be an object literal of cells and structures");
    const fields = new Map<string, LayoutNode>();
    for (const [name, value] of this.properties(node)) {
      const full = path === '' ? name : `${path}.${name}`;
      if (this.N.isObjectLiteralExpression(value)) {
        fields.set(name, this.layout(value, full, cells));
        continue;
      }
      if (!this.N.isCallExpression(value) || !this.N.isIdentifier(value.getExpression())) {
        this.fail(value, `memory field '${full}' must be cell(v), atomic(v), spinlock(), srcu() or a structure`);
      }
      const callee = value.getExpression();
      const r = this.project.resolveName(this.sf, callee.getText(), callee);
      const kernel = r?.kind === 'kernel' ? r.name : undefined;
      const type = kernel === undefined ? undefined : CELL_TYPES[kernel];
      const isTlb = kernel !== undefined && TLB_CONSTRUCTORS.has(kernel);
      if (!type && !isTlb) this.fail(callee, `memory field '${full}' must be made by cell(), atomic(), spinlock(), srcu(), tlb() or iotlb()`);
      const args = value.getArguments();
      let init = 0;
      if (args.length > 1) this.fail(value, `${callee.getText()}() takes at most one argument`);
      if (args[0]) {
        if (type === 'spinlock_t' || type === 'srcu_struct') this.fail(args[0], `${callee.getText()}() takes no argument`);
        const v = this.project.constantValue(args[0]);
        if (v === undefined) this.fail(args[0], 'an initial value must be an integer constant');
        init = v;
      }
      const loc = (at: string, t: LayoutCell['type'], v: number): LayoutCell => {
        const cell: LayoutCell = { kind: 'loc', name: at, type: t, init: v, pos: posOf(value) };
        cells.push(cell);
        return cell;
      };
      if (isTlb) {
        // A TLB: its cached PTE and the lock of its translated accesses (src/scenario/translation.ts).
        const tlbFields = new Map<string, LayoutNode>([
          ['entry', loc(`${full}.entry`, 'int', init)],
          ['lock', loc(`${full}.lock`, 'spinlock_t', 0)],
        ]);
        fields.set(name, { kind: 'obj', path: full, fields: tlbFields });
      } else fields.set(name, loc(full, type!, init));
    }
    return { kind: 'obj', path, fields };
  }

  private expectations(node: Node): Expectation[] {
    if (!this.N.isObjectLiteralExpression(node)) this.fail(node, "'expect' must be an object literal: { lkmm: 'Never', ... }");
    const out: Expectation[] = [];
    for (const [model, value] of this.properties(node)) {
      const verdict = this.string(value);
      if (!VERDICTS.includes(verdict)) this.fail(value, `expected verdict '${verdict}' is not one of ${VERDICTS.join(', ')}`);
      out.push({ model, verdict: verdict as ExpectedVerdict, pos: posOf(value.getParent()!) });
    }
    if (out.length === 0) this.fail(node, "'expect' names no model");
    return out;
  }

  private variant(name: string, node: Node): SpecVariant {
    if (!this.N.isObjectLiteralExpression(node)) this.fail(node, `variant '${name}' must be an object literal`);
    if (name === 'fixed') this.fail(node, "'fixed' names the scenario itself; give the variant another name");
    const props = this.properties(node, ['description', 'commit', 'drop', 'weaken', 'replace', 'expect']);
    const expect = props.get('expect') ?? this.fail(node, `variant '${name}' has no 'expect'`);
    const v: SpecVariant = { name, pos: posOf(node), edits: [], substitutions: new Map(), expect: this.expectations(expect) };
    if (props.has('description')) v.description = this.string(props.get('description')!);
    if (props.has('commit')) v.commit = this.string(props.get('commit')!);
    const drop = props.get('drop');
    if (drop) for (const d of this.strings(drop)) v.edits.push({ kind: 'drop', barrier: d.text, pos: d.pos });
    const weaken = props.get('weaken');
    if (weaken) {
      if (!this.N.isObjectLiteralExpression(weaken)) this.fail(weaken, "'weaken' must be an object literal: { 'barrier.id': 'smp_wmb' }");
      for (const [id, to] of this.properties(weaken)) {
        v.edits.push({ kind: 'weaken', barrier: id, to: this.string(to), pos: posOf(to) });
      }
    }
    const replace = props.get('replace');
    if (replace) {
      if (!this.N.isArrayLiteralExpression(replace)) this.fail(replace, "'replace' must be an array of [current, historical] function pairs");
      for (const pair of replace.getElements()) {
        const fns = this.N.isArrayLiteralExpression(pair) ? pair.getElements() : [];
        if (fns.length !== 2) this.fail(pair, 'expected a pair [current function, historical function]');
        const from = this.functionRef(fns[0]!);
        v.substitutions.set(functionKey(from), this.functionRef(fns[1]!));
      }
    }
    if (v.edits.length === 0 && v.substitutions.size === 0) this.fail(node, `variant '${name}' changes nothing (give drop, weaken or replace)`);
    return v;
  }

  /** A function named in the spec file: `f` or `module.f`. */
  private functionRef(node: Node): FunctionDeclaration {
    let r;
    if (this.N.isIdentifier(node)) r = this.project.resolveName(this.sf, node.getText(), node);
    else if (this.N.isPropertyAccessExpression(node) && this.N.isIdentifier(node.getExpression())) {
      const ns = this.project.resolveName(this.sf, node.getExpression().getText(), node);
      if (ns?.kind === 'namespace') r = this.project.resolveExport(ns.file, node.getName(), node);
    }
    if (r?.kind !== 'function') this.fail(node, `'${node.getText()}' is not a reference function`);
    return r.decl;
  }
}

// ---------------------------------------------------------------------------
// Compiling a variant

export interface CompiledVariant {
  program: Program;
  /** Files whose code the program was compiled from. */
  files: Set<string>;
  sites: BarrierSiteInfo[];
}

export function compileVariant(project: ScenarioProject, spec: ScenarioSpec, variant: SpecVariant): CompiledVariant {
  const compiler = new ThreadCompiler(project, spec.memory, { substitutions: variant.substitutions });
  const threads: Program['threads'] = spec.threads.map((t, id) => ({
    id,
    name: t.name,
    params: [],
    body: compiler.thread(t.name, t.node),
    initRegs: [],
    pos: t.pos,
  }));
  let program: Program = {
    file: spec.file,
    name: variant.name === 'fixed' ? spec.name : `${spec.name} [${variant.name}]`,
    locations: spec.cells.map((c) => ({ name: c.name, type: c.type, init: { kind: 'const', value: c.init }, pos: c.pos })),
    threads,
    condition: { quantifier: 'exists', prop: forbiddenProp(project, spec), pos: spec.forbidden.pos },
    observed: [],
    scenario: true,
  };
  program = applyEdits(program, variant.edits);
  return { program, files: compiler.files, sites: [...compiler.sites.values()] };
}

type Operand = { kind: 'obs'; obs: Observable } | { kind: 'const'; value: number };

/**
 * The forbidden predicate `(r, m) => ...` as a condition: `r.T` is thread T's
 * result, `m.path` a cell's final value; ===, !==, !, &&, || and truth tests
 * of those, against constants or each other.
 */
export function forbiddenProp(project: ScenarioProject, spec: ScenarioSpec): Prop {
  const N = project.ts.Node;
  const K = project.ts.SyntaxKind;
  const fn = spec.forbidden.node;
  if (!N.isArrowFunction(fn) && !N.isFunctionExpression(fn)) {
    throw new InputError(spec.forbidden.pos, "'forbidden' must be an arrow function (r, m) => ...");
  }
  const [rParam, mParam, extra] = fn.getParameters().map((p) => p.getName());
  if (extra) throw new InputError(posOf(fn.getParameters()[2]!), "'forbidden' takes (results, memory)");
  let body: Node = fn.getBody();
  if (N.isBlock(body)) {
    const stmts = body.getStatements();
    const ret = stmts[0];
    if (stmts.length !== 1 || !ret || !N.isReturnStatement(ret) || !ret.getExpression()) {
      throw new InputError(posOf(body), "'forbidden' must be a single expression (or `{ return expr; }`)");
    }
    body = ret.getExpression()!;
  }
  const bad = (node: Node, what: string): never => {
    throw new InputError(posOf(node), `unsupported in a forbidden predicate: ${what} (use ===, !==, !, &&, || over r.THREAD, m.CELL and constants)`);
  };
  const operand = (node: Node): Operand | undefined => {
    if (N.isParenthesizedExpression(node)) return operand(node.getExpression());
    if (N.isPropertyAccessExpression(node)) {
      const path: string[] = [];
      let base: Node = node;
      while (N.isPropertyAccessExpression(base)) {
        path.unshift(base.getName());
        base = base.getExpression();
      }
      if (N.isIdentifier(base) && base.getText() === rParam) {
        const thread = spec.threads.findIndex((t) => t.name === path[0]);
        if (thread < 0 || path.length !== 1) {
          throw new InputError(posOf(node), `no thread '${path.join('.')}' (threads: ${spec.threads.map((t) => t.name).join(', ')})`);
        }
        return { kind: 'obs', obs: { kind: 'reg', thread, reg: 'result' } };
      }
      if (N.isIdentifier(base) && base.getText() === mParam) {
        let at: LayoutNode = spec.memory;
        for (const p of path) {
          const next: LayoutNode | undefined = at.kind === 'obj' ? at.fields.get(p) : undefined;
          if (!next) throw new InputError(posOf(node), `the memory has no cell '${path.join('.')}'`);
          at = next;
        }
        if (at.kind !== 'loc') throw new InputError(posOf(node), `'${path.join('.')}' is a structure, not a cell`);
        return { kind: 'obs', obs: { kind: 'mem', name: at.name } };
      }
    }
    const c = project.constantValue(node);
    return c === undefined ? undefined : { kind: 'const', value: c };
  };
  const equal = (a: Operand, b: Operand): Prop => {
    if (a.kind === 'const' && b.kind === 'const') return { kind: a.value === b.value ? 'true' : 'false' };
    if (a.kind === 'const') [a, b] = [b, a];
    const left = (a as { obs: Observable }).obs;
    return { kind: 'eq', left, right: b.kind === 'const' ? { kind: 'const', value: b.value } : b.obs, pos: spec.forbidden.pos };
  };
  const prop = (node: Node): Prop => {
    if (N.isParenthesizedExpression(node)) return prop(node.getExpression());
    if (N.isTrueLiteral(node)) return { kind: 'true' };
    if (N.isFalseLiteral(node)) return { kind: 'false' };
    if (N.isPrefixUnaryExpression(node) && node.getOperatorToken() === K.ExclamationToken) {
      return { kind: 'not', arg: prop(node.getOperand()) };
    }
    if (N.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getText();
      if (op === '&&' || op === '||') return { kind: op === '&&' ? 'and' : 'or', args: [prop(node.getLeft()), prop(node.getRight())] };
      if (['===', '==', '!==', '!='].includes(op)) {
        const l = operand(node.getLeft()) ?? bad(node.getLeft(), `'${node.getLeft().getText()}'`);
        const r = operand(node.getRight()) ?? bad(node.getRight(), `'${node.getRight().getText()}'`);
        const e = equal(l, r);
        return op.startsWith('!') ? { kind: 'not', arg: e } : e;
      }
      return bad(node, `the operator '${op}'`);
    }
    const o = operand(node);
    if (o) return { kind: 'not', arg: equal(o, { kind: 'const', value: 0 }) };
    return bad(node, `'${node.getText()}'`);
  };
  return prop(body);
}

/** Every file a spec depends on: itself and the files its variants compile. */
export function specFiles(spec: ScenarioSpec, compiled: CompiledVariant[]): string[] {
  const files = new Set<string>([displayName(spec.file)]);
  for (const c of compiled) for (const f of c.files) files.add(displayName(f));
  return [...files].sort();
}
