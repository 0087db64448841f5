// Barrier annotations of reference implementations. Every call of an
// ordering primitive (a fence, an acquire or release access, an ordered
// atomic, a lock operation, an RCU marker) is a barrier site; its id and
// partners come from a trailing comment on its line
//
//     smp_mb__after_atomic(); // @barrier gup.pin pairs-with ksm.clear
//
// or from a JSDoc comment in front of its statement
//
//     /** @barrier ksm.clear pairs-with gup.pin */
//     const old = xchg(pte, PTE_NONE);
//
// Fences (other than RCU read-side markers) and explicit acquire/release
// accesses must have an id; ordered atomics, locks and RCU markers may.

import { InputError } from '../program/errors.js';
import type { SourcePos } from '../program/ir.js';
import type { Primitive } from '../program/primitives.js';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { importClosure, posOf, type Node, type ScenarioProject, type SourceFile } from './project.js';

export interface BarrierSiteInfo {
  /** The annotation's id; undefined when the call has none. */
  id?: string;
  pairsWith: string[];
  /** The primitive called: smp_mb, smp_load_acquire... */
  primitive: string;
  /** The function the call sits in. */
  fn: string;
  pos: SourcePos;
  /** Whether the call must carry an id. */
  requiresId: boolean;
}

/** The ordering a primitive call brings, or undefined for relaxed ones (READ_ONCE, atomic_inc). */
export function orders(p: Primitive): { requiresId: boolean } | undefined {
  switch (p.kind) {
    case 'fence':
      return { requiresId: p.fence !== 'rcu-lock' && p.fence !== 'rcu-unlock' };
    case 'load':
      return p.tag === 'acquire' ? { requiresId: true } : undefined;
    case 'store':
      return p.tag === 'release' || p.fenceAfter ? { requiresId: true } : undefined;
    case 'rmw':
    case 'cmpxchg':
    case 'addUnless':
      if (p.tag === 'once' || p.tag === 'noreturn') return undefined;
      return { requiresId: p.tag !== 'mb' };
    case 'lock':
    case 'unlock':
    case 'trylock':
      return { requiresId: false };
    default:
      return undefined;
  }
}

const ANNOTATION = /@barrier\s+([A-Za-z0-9_.:#-]+)(?:\s+pairs-with\s+([A-Za-z0-9_.:#-]+(?:\s*,\s*[A-Za-z0-9_.:#-]+)*))?/;

function parseAnnotation(text: string): { id: string; pairsWith: string[] } | undefined {
  const m = ANNOTATION.exec(text);
  if (!m) return undefined;
  return { id: m[1]!, pairsWith: m[2] ? m[2].split(',').map((s) => s.trim()) : [] };
}

/** The name of the function (or `thread <name>`) a node sits in. */
export function enclosingFunctionName(project: ScenarioProject, node: Node): string {
  const { Node: N } = project.ts;
  for (let n: Node | undefined = node; n; n = n.getParent()) {
    if (N.isFunctionDeclaration(n)) return n.getName() ?? '<anonymous>';
    if (N.isArrowFunction(n) || N.isFunctionExpression(n)) {
      const prop = n.getParent();
      if (prop && N.isPropertyAssignment(prop)) return prop.getName();
    }
  }
  return '<top level>';
}

/** The annotation of one call: a `//` comment after it on its line, or a JSDoc before its statement. */
function annotationOf(project: ScenarioProject, call: Node): { id: string; pairsWith: string[] } | undefined {
  const sf = call.getSourceFile();
  const text = sf.getFullText();
  const end = call.getEnd();
  const eol = text.indexOf('\n', end);
  const rest = text.slice(end, eol < 0 ? text.length : eol);
  const slash = rest.indexOf('//');
  if (slash >= 0) {
    const a = parseAnnotation(rest.slice(slash));
    if (a) return a;
  }
  const { Node: N } = project.ts;
  let stmt: Node | undefined = call;
  while (stmt && !N.isStatement(stmt)) stmt = stmt.getParent();
  if (!stmt) return undefined;
  for (const c of stmt.getLeadingCommentRanges()) {
    const t = c.getText();
    if (t.startsWith('/**')) {
      const a = parseAnnotation(t);
      if (a) return a;
    }
  }
  return undefined;
}

const cache = new WeakMap<SourceFile, { version: string; sites: Map<number, BarrierSiteInfo> }>();

/**
 * Every barrier site of a file, by the start offset of its call. Calls are
 * recognised by name resolution (imports of the kernel library).
 */
export function barrierSitesOf(project: ScenarioProject, sf: SourceFile): Map<number, BarrierSiteInfo> {
  const version = sf.getFullText();
  const hit = cache.get(sf);
  if (hit && hit.version === version) return hit.sites;
  const { Node: N, SyntaxKind: K } = project.ts;
  const sites = new Map<number, BarrierSiteInfo>();
  const lines = new Map<number, number>();
  for (const call of sf.getDescendantsOfKind(K.CallExpression)) {
    const callee = call.getExpression();
    let resolved;
    if (N.isIdentifier(callee)) resolved = project.resolveName(sf, callee.getText(), callee);
    else if (N.isPropertyAccessExpression(callee) && N.isIdentifier(callee.getExpression())) {
      const ns = project.resolveName(sf, callee.getExpression().getText(), callee);
      if (ns?.kind === 'kernel-namespace') resolved = project.resolveExport('kernel', callee.getName(), callee);
    }
    if (resolved?.kind !== 'primitive') continue;
    const ordering = orders(resolved.primitive);
    if (!ordering) continue;
    const pos = posOf(call);
    const a = annotationOf(project, call);
    if (a) {
      const other = lines.get(pos.line);
      if (other !== undefined && sites.get(other)!.id === a.id) {
        throw new InputError(pos, `two barrier calls on one line share the annotation '${a.id}': put each on its own line`);
      }
      lines.set(pos.line, call.getStart());
    }
    const fn = enclosingFunctionName(project, call);
    sites.set(call.getStart(), {
      ...(a ? { id: a.id } : {}),
      pairsWith: a?.pairsWith ?? [],
      primitive: resolved.name,
      fn,
      pos: { ...pos, fn },
      requiresId: ordering.requiresId,
    });
  }
  cache.set(sf, { version, sites });
  return sites;
}

/** A problem with annotations: a barrier without an id, a partner that does not exist, an id used twice. */
export interface BarrierProblem {
  pos: SourcePos;
  message: string;
  /** Missing ids are reported; dangling partners and duplicate ids are errors (bad input). */
  severity: 'error' | 'warning';
}

/** Cross-checks the sites of a set of files: ids unique, every partner present. */
export function checkBarriers(sites: readonly BarrierSiteInfo[]): BarrierProblem[] {
  const problems: BarrierProblem[] = [];
  const byId = new Map<string, BarrierSiteInfo>();
  for (const s of sites) {
    if (s.id === undefined) {
      if (s.requiresId) {
        problems.push({ pos: s.pos, severity: 'warning', message: `${s.primitive}() in ${s.fn} has no id (add '// @barrier ID pairs-with OTHER')` });
      }
      continue;
    }
    const first = byId.get(s.id);
    if (first) {
      problems.push({ pos: s.pos, severity: 'error', message: `barrier id '${s.id}' is already used at ${first.pos.file}:${first.pos.line}` });
    } else byId.set(s.id, s);
  }
  for (const s of sites) {
    for (const p of s.pairsWith) {
      if (!byId.has(p)) problems.push({ pos: s.pos, severity: 'error', message: `barrier '${s.id}' pairs with '${p}', which does not exist` });
    }
  }
  return problems.sort((a, b) => a.pos.file.localeCompare(b.pos.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col);
}

/** Throws the first error of `checkBarriers` as bad input. */
export function requireSoundBarriers(sites: readonly BarrierSiteInfo[]): void {
  const error = checkBarriers(sites).find((p) => p.severity === 'error');
  if (error) throw new InputError(error.pos, error.message);
}

/** The barrier sites of several files, in file and source order. */
export function sitesOfFiles(project: ScenarioProject, files: readonly SourceFile[]): BarrierSiteInfo[] {
  return files.flatMap((sf) => [...barrierSitesOf(project, sf).values()]);
}

/**
 * Where the partners of barriers in `roots` are looked up: the files, what
 * they import, and the other modules of their folders (a library such as
 * specs/mm pairs barriers across files that need not import each other).
 */
export function barrierLibrary(project: ScenarioProject, roots: readonly SourceFile[]): SourceFile[] {
  const closure = importClosure(project, roots);
  const dirs = [...new Set(closure.map((sf) => dirname(sf.getFilePath())))];
  const siblings = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort()
      .map((f) => project.file(join(d, f))),
  );
  return [...new Map([...closure, ...siblings].map((sf) => [sf.getFilePath(), sf])).values()];
}
