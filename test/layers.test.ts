// The pipeline's stages, as the import graph of src/ shows them: front ends
// and the stages below the engine never import the engine, the queries,
// the batch runner, the reports or the CLI; among those, each imports only
// those before it; and no module imports itself through others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** The stages above the model evaluator and the solver, bottom to top. */
const UPPER = ['engine', 'check', 'batch', 'report', 'cli', 'bench'];
/** The stages below them (front ends, IR, events, relations, cat, smt, ...). */
const LOWER = ['logic', 'program', 'litmus', 'scenario', 'kernel', 'events', 'relations', 'cat', 'smt'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return entry.endsWith('.ts') ? [full] : [];
  });
}

/** Module (path relative to src/, `.ts`) -> the modules of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) {
      targets.push(relative(SRC, resolve(dirname(file), m[2]!)).replace(/\.js$/, '.ts'));
    }
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

const stageOf = (module: string) => (module.includes('/') ? module.slice(0, module.indexOf('/')) : '(root)');

/** Strongly connected components with more than one module, or a module importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the import graph of src/', () => {
  const graph = importGraph();
  const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

  it('reads every stage folder', () => {
    const stages = new Set([...graph.keys()].map(stageOf));
    for (const s of [...UPPER, ...LOWER]) expect(stages, s).toContain(s);
    expect(edges.length).toBeGreaterThan(200);
  });

  it('resolves every relative import to a module of src/', () => {
    expect(edges.filter((e) => !graph.has(e.to))).toEqual([]);
  });

  it('has no import from a lower stage to the engine or above', () => {
    const upward = edges.filter((e) => LOWER.includes(stageOf(e.from)) && UPPER.includes(stageOf(e.to)));
    expect(upward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('orders engine < check < batch < report < cli < bench', () => {
    const rank = (m: string) => UPPER.indexOf(stageOf(m));
    const backward = edges.filter((e) => rank(e.from) >= 0 && rank(e.to) > rank(e.from));
    expect(backward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
