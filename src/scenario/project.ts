// The TypeScript files a scenario is made of, read with ts-morph (loaded on
// first use: importing it costs ~0.35 s, which `verify x.litmus` must not
// pay), and name resolution across them: which function, constant, kernel
// primitive or imported module an identifier denotes. No type checker is
// involved: the subset is resolved syntactically, which keeps parsing the
// whole specs/ tree fast.

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Morph from 'ts-morph';
import { InputError } from '../program/errors.js';
import type { SourcePos } from '../program/ir.js';
import { lookupPrimitive, type Primitive } from '../program/primitives.js';
import { lookupTranslationOp } from './translation.js';

export type TsMorph = typeof Morph;
export type Node = Morph.Node;
export type SourceFile = Morph.SourceFile;
export type FunctionDeclaration = Morph.FunctionDeclaration;

let morph: TsMorph | undefined;

/** ts-morph, imported on first use. */
export async function loadTsMorph(): Promise<TsMorph> {
  morph ??= await import('ts-morph');
  return morph;
}

/** The package root (works from src/ under vitest and from dist/). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The module specifier users import the kernel library by. */
export const KERNEL_MODULE = 'memorder/kernel';
const KERNEL_FILES = new Set(
  ['src/kernel/index.ts', 'dist/kernel/index.js', 'dist/kernel/index.d.ts'].map((f) => resolve(PACKAGE_ROOT, f)),
);

/** What an identifier denotes. */
export type Resolved =
  | { kind: 'primitive'; name: string; primitive: Primitive }
  /** A TLB operation of the kernel library (src/scenario/translation.ts). */
  | { kind: 'translation'; name: string }
  /** Another export of the kernel library: cell, atomic, spinlock, srcu, scenario... */
  | { kind: 'kernel'; name: string }
  | { kind: 'function'; decl: FunctionDeclaration; name: string; key: string }
  | { kind: 'const'; value: number }
  | { kind: 'namespace'; file: SourceFile }
  | { kind: 'kernel-namespace' };

/** A file name as shown to users: relative to the working directory when below it. */
export function displayName(file: string): string {
  const r = relative(process.cwd(), file);
  return r.startsWith('..') || isAbsolute(r) ? file : r;
}

export function posOf(node: Node, fn?: string): SourcePos {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  const pos: SourcePos = { file: displayName(sf.getFilePath()), line, col: column };
  if (fn) pos.fn = fn;
  return pos;
}

/** A key naming a function across files: `file#name`. */
export function functionKey(decl: FunctionDeclaration): string {
  return `${decl.getSourceFile().getFilePath()}#${decl.getName() ?? '<anonymous>'}`;
}

/**
 * The TypeScript files of one or more scenarios. Files are parsed once and
 * re-read when they change on disk.
 */
export class ScenarioProject {
  private readonly mtimes = new Map<string, number>();
  /** Name resolution per file, dropped whenever any file is re-read. */
  private resolved = new WeakMap<SourceFile, Map<string, Resolved | undefined>>();
  private readonly modules = new Map<string, SourceFile | 'kernel'>();

  private constructor(
    readonly ts: TsMorph,
    private readonly project: Morph.Project,
  ) {}

  static async create(): Promise<ScenarioProject> {
    const ts = await loadTsMorph();
    const project = new ts.Project({
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { target: ts.ts.ScriptTarget.ES2022, module: ts.ts.ModuleKind.NodeNext, noLib: true },
    });
    return new ScenarioProject(ts, project);
  }

  /** The parsed file at `path` (absolute or relative to the working directory). */
  file(path: string, from?: SourcePos): SourceFile {
    const abs = resolve(path);
    let mtime: number;
    try {
      mtime = statSync(abs).mtimeMs;
    } catch {
      throw new InputError(from ?? { file: path, line: 1, col: 1 }, from ? `cannot read '${path}'` : 'cannot read file');
    }
    let sf = this.project.getSourceFile(abs);
    if (sf && this.mtimes.get(abs) !== mtime) {
      sf.refreshFromFileSystemSync();
      this.resolved = new WeakMap();
      this.modules.clear();
    }
    sf ??= this.project.addSourceFileAtPath(abs);
    this.mtimes.set(abs, mtime);
    return sf;
  }

  /** The file an import specifier denotes, or 'kernel' for the kernel library. */
  resolveModule(specifier: string, from: SourceFile, at: Node): SourceFile | 'kernel' {
    if (specifier === KERNEL_MODULE) return 'kernel';
    const key = `${from.getFilePath()}\0${specifier}`;
    const known = this.modules.get(key);
    if (known) return known;
    const target = this.findModule(specifier, from, at);
    this.modules.set(key, target);
    return target;
  }

  private findModule(specifier: string, from: SourceFile, at: Node): SourceFile | 'kernel' {
    if (!specifier.startsWith('.')) {
      throw new InputError(posOf(at), `cannot import '${specifier}' in a scenario (only '${KERNEL_MODULE}' and relative paths)`);
    }
    const base = resolve(dirname(from.getFilePath()), specifier);
    const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, resolve(base, 'index.ts')];
    const found = candidates.find((c) => KERNEL_FILES.has(c) || (existsSync(c) && statSync(c).isFile()));
    if (!found) throw new InputError(posOf(at), `cannot find module '${specifier}'`);
    if (KERNEL_FILES.has(found)) return 'kernel';
    return this.file(found, posOf(at));
  }

  /** What `name` denotes at the top level of `sf`, or undefined. */
  resolveName(sf: SourceFile, name: string, at: Node): Resolved | undefined {
    let names = this.resolved.get(sf);
    if (!names) this.resolved.set(sf, (names = new Map()));
    if (names.has(name)) return names.get(name);
    const r = this.lookupName(sf, name, at);
    names.set(name, r);
    return r;
  }

  private lookupName(sf: SourceFile, name: string, at: Node): Resolved | undefined {
    const fn = sf.getFunction(name);
    if (fn) return { kind: 'function', decl: fn, name, key: functionKey(fn) };
    const v = sf.getVariableDeclaration(name);
    if (v) return this.constantOf(v, name);
    for (const imp of sf.getImportDeclarations()) {
      const ns = imp.getNamespaceImport();
      const named = imp.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
      if (ns?.getText() !== name && !named) continue;
      const target = this.resolveModule(imp.getModuleSpecifierValue(), sf, imp);
      if (ns?.getText() === name) return target === 'kernel' ? { kind: 'kernel-namespace' } : { kind: 'namespace', file: target };
      return this.resolveExport(target, named!.getName(), at);
    }
    return undefined;
  }

  /** The export `name` of a module. */
  resolveExport(target: SourceFile | 'kernel', name: string, at: Node): Resolved {
    if (target === 'kernel') {
      const primitive = lookupPrimitive(name);
      if (primitive) return { kind: 'primitive', name, primitive };
      return lookupTranslationOp(name) ? { kind: 'translation', name } : { kind: 'kernel', name };
    }
    const r = this.resolveName(target, name, at);
    if (!r) throw new InputError(posOf(at), `'${name}' is not a function or constant of ${displayName(target.getFilePath())}`);
    return r;
  }

  private constantOf(v: Morph.VariableDeclaration, name: string): Resolved {
    const init = v.getInitializer();
    const value = init ? this.constantValue(init) : undefined;
    if (value === undefined || v.getVariableStatement()?.getDeclarationKind() !== 'const') {
      throw new InputError(posOf(v), `'${name}' must be a 'const' with an integer value to be used in a scenario`);
    }
    return { kind: 'const', value };
  }

  /** Integer value of a constant initialiser (literals, unary minus, << | & + -), or undefined. */
  constantValue(e: Node): number | undefined {
    const { Node: N, SyntaxKind: K } = this.ts;
    if (N.isNumericLiteral(e)) return e.getLiteralValue();
    if (N.isTrueLiteral(e)) return 1;
    if (N.isFalseLiteral(e)) return 0;
    if (N.isParenthesizedExpression(e)) return this.constantValue(e.getExpression());
    if (N.isPrefixUnaryExpression(e)) {
      const v = this.constantValue(e.getOperand());
      if (v === undefined) return undefined;
      if (e.getOperatorToken() === K.MinusToken) return -v;
      if (e.getOperatorToken() === K.TildeToken) return ~v;
      return undefined;
    }
    if (N.isBinaryExpression(e)) {
      const l = this.constantValue(e.getLeft());
      const r = this.constantValue(e.getRight());
      if (l === undefined || r === undefined) return undefined;
      switch (e.getOperatorToken().getKind()) {
        case K.PlusToken: return l + r;
        case K.MinusToken: return l - r;
        case K.AsteriskToken: return l * r;
        case K.LessThanLessThanToken: return l << r;
        case K.BarToken: return l | r;
        case K.AmpersandToken: return l & r;
        default: return undefined;
      }
    }
    if (N.isIdentifier(e)) {
      const r = this.resolveName(e.getSourceFile(), e.getText(), e);
      return r?.kind === 'const' ? r.value : undefined;
    }
    return undefined;
  }
}

/** A file and every file it imports (relative imports, transitively), kernel library excluded. */
export function importClosure(project: ScenarioProject, roots: readonly SourceFile[]): SourceFile[] {
  const seen = new Map<string, SourceFile>();
  const visit = (sf: SourceFile) => {
    if (seen.has(sf.getFilePath())) return;
    seen.set(sf.getFilePath(), sf);
    for (const imp of sf.getImportDeclarations()) {
      if (imp.isTypeOnly()) continue;
      const target = project.resolveModule(imp.getModuleSpecifierValue(), sf, imp);
      if (target !== 'kernel') visit(target);
    }
  };
  roots.forEach(visit);
  return [...seen.values()];
}
