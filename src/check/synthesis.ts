// `fix`: the cheapest placement of barriers that forbids a reachable
// outcome, with a proof that nothing cheaper does.
//
// Candidates are a fence (smp_mb/smp_rmb/smp_wmb) before every statement
// that has accesses on both sides in its thread, and an acquire/release
// upgrade of every READ_ONCE/WRITE_ONCE (src/program/candidates.ts), each
// with a literal in one encoding. Counterexample-guided search: Z3's
// Optimize proposes the cheapest assignment that forbids every execution
// seen so far; the encoding either proves it forbids the outcome, or
// returns an execution that still reaches it, and the condition under
// which the model would forbid that execution (over the candidate literals
// only: src/check/whatif.ts forbiddenWhen) joins the constraints. Each such
// condition is necessary for any fix, so the first proposal that works is
// optimal: every cheaper assignment violates one of them.

import { readFileSync } from 'node:fs';
import { and, boolToInt, binary, int, le, not, orAll, TRUE, type BoolTerm, type IntTerm } from '../logic/term.js';
import { InputError } from '../program/errors.js';
import type { Program } from '../program/ir.js';
import type { Barrier } from '../program/barriers.js';
import { isPointId, withCandidateFences, withUpgradableAccesses } from '../program/candidates.js';
import { Optimizer } from '../smt/optimize.js';
import type { LoadedModel } from '../engine/models.js';
import type { Verdict } from '../engine/result.js';
import { spell, WhatIf } from './whatif.js';

/** Cost of each barrier `fix` may add (`smp_rmb` -> 2), for one model. */
export type CostTable = ReadonlyMap<string, number>;

/** Reads the column `model` of a cost table (encodings/costs.txt format). */
export function loadCosts(file: string, model: string): CostTable {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => ({ cells: l.replace(/#.*/, '').trim().split('|').map((c) => c.trim()), line: i + 1 }))
    .filter((r) => r.cells[0] !== '');
  const header = rows[0];
  const column = header?.cells.indexOf(model) ?? -1;
  if (!header || header.cells[0] !== 'kind' || column < 1) {
    throw new InputError({ file, line: header?.line ?? 1, col: 1 }, `no cost column for model '${model}'`);
  }
  const costs = new Map<string, number>();
  for (const r of rows.slice(1)) {
    const cell = r.cells[column];
    if (cell === undefined || cell === '-') continue;
    const v = Number(cell);
    if (!Number.isInteger(v) || v < 0) throw new InputError({ file, line: r.line, col: 1 }, `cost '${cell}' is not a whole number`);
    costs.set(r.cells[0]!, v);
  }
  return costs;
}

export interface Placement {
  /** Candidate id: `P1@25` (a fence before line 25 of P1; in a spec `gup@specs/mm/gup.ts:40`) or `P1:READ_ONCE#2` (an upgrade). */
  id: string;
  /** What to write: `smp_rmb`, `smp_load_acquire`. */
  spelled: string;
  thread: number;
  /** The file and line it goes on: the litmus test, or the TypeScript file that holds a spec's code. */
  file: string;
  line: number;
  cost: number;
}

export interface FixResult {
  file: string;
  name: string;
  model: string;
  /** The condition's verdict as written. */
  verdict: Verdict;
  /** The outcome is reachable as written: something must be added. */
  needed: boolean;
  /** The cheapest placement found (empty when nothing is needed). */
  placement?: Placement[];
  cost?: number;
  /** Other placements of the same cost. */
  alternatives: Placement[][];
  /** Executions that rule out every cheaper placement (the optimality proof's size). */
  counterexamples: number;
  /** The change as a unified diff of the files it touches (`git apply` takes it). */
  diff?: string;
  reason?: string;
  timeMs: number;
}

/** The kinds a candidate may take, with the cost table's name of each. */
const CANDIDATE_KINDS: Record<string, [kind: string, costName: string][]> = {
  fence: [
    ['mb', 'smp_mb'],
    ['rmb', 'smp_rmb'],
    ['wmb', 'smp_wmb'],
  ],
  load: [['acquire', 'smp_load_acquire']],
  store: [['release', 'smp_store_release']],
};

export async function fixProgram(
  program: Program,
  opts: { model: LoadedModel; unroll: number; timeoutMs?: number; costs: CostTable; alternatives?: number },
): Promise<FixResult> {
  const started = performance.now();
  const result: FixResult = {
    file: program.file,
    name: program.name,
    model: opts.model.name,
    verdict: 'Unknown',
    needed: false,
    alternatives: [],
    counterexamples: 0,
    timeMs: 0,
  };
  const done = (reason?: string) => {
    if (reason) result.reason = reason;
    result.timeMs = Math.round(performance.now() - started);
    return result;
  };
  const offered = (b: Barrier) => (CANDIDATE_KINDS[b.class] ?? []).filter(([, name]) => opts.costs.has(name));
  const candidatesOf = (bs: Barrier[]) => bs.filter((b) => b.candidate);
  const withCandidates = withUpgradableAccesses(withCandidateFences(program));
  const w = await WhatIf.create(withCandidates, {
    ...opts,
    kindsOf: (b) => (b.candidate ? offered(b).map(([k]) => k) : []),
  });
  if (!(w instanceof WhatIf)) return done(w.unsupported);
  const optimizer = await Optimizer.create();
  try {
    const asWritten = w.family.asWritten();
    const base = await w.verdict(asWritten);
    result.verdict = base.verdict;
    if (base.verdict === 'Unknown') return done(base.reason);
    const first = await w.badReachable(asWritten);
    if (first.answer === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    if (first.answer === 'unsat') {
      result.placement = [];
      result.cost = 0;
      return done();
    }
    result.needed = true;

    // The synthesis problem: one literal per candidate kind, at most one kind
    // per candidate, the cost of what is chosen minimised.
    const candidates = candidatesOf(w.family.barriers);
    const choices: { b: Barrier; kind: string; literal: BoolTerm; cost: number }[] = [];
    for (const b of candidates) {
      for (const [kind, name] of offered(b)) choices.push({ b, kind, literal: w.literal(b.id, kind)!, cost: opts.costs.get(name)! });
    }
    optimizer.add(w.family.constraints());
    // Loads and stores as written stay READ_ONCE/WRITE_ONCE unless upgraded.
    for (const b of candidates) {
      if (b.class === 'fence') continue;
      const own = w.literal(b.id, b.kind)!;
      optimizer.add([orAll([own, ...offered(b).map(([k]) => w.literal(b.id, k)!)])]);
    }
    const cost: IntTerm = choices.reduce<IntTerm>((sum, c) => binary('add', sum, binary('mul', int(c.cost), boolToInt(c.literal))), int(0));
    optimizer.minimize(cost);
    const open = new Set(candidates.flatMap((b) => [b.kind, ...offered(b).map(([k]) => k)].map((k) => w.literal(b.id, k)?.name).filter((n): n is string => !!n)));

    const found: Placement[][] = [];
    let best: number | undefined;
    const wanted = 1 + (opts.alternatives ?? 3);
    for (;;) {
      const r = optimizer.check();
      if (r === 'unknown') return done('optimizer: unknown');
      if (r === 'unsat') break;
      const chosen = choices.filter((c) => optimizer.bool(c.literal.name!));
      const total = chosen.reduce((s, c) => s + c.cost, 0);
      if (best !== undefined && total > best) break;
      const config = new Map(asWritten);
      for (const c of chosen) config.set(c.b.id, c.kind);
      const out = await w.badReachable(config);
      if (out.answer === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      if (out.answer === 'sat') {
        // Still reachable: whatever fixes it must forbid this execution too.
        optimizer.add([w.forbiddenWhen(out.execution!, open)]);
        result.counterexamples++;
        continue;
      }
      best = total;
      found.push(chosen.map((c) => ({ id: c.b.id, spelled: spell(c.b, c.kind), thread: c.b.thread, file: c.b.pos.file, line: c.b.pos.line, cost: c.cost })));
      if (found.length >= wanted) break;
      // Look for another placement of the same cost.
      optimizer.add([not(chosen.length > 0 ? and(...chosen.map((c) => c.literal)) : TRUE), le(cost, int(best))]);
    }
    if (found.length === 0) return done('no placement of the candidate barriers forbids the outcome');
    result.placement = found[0]!;
    result.cost = best!;
    result.alternatives = found.slice(1);
    return done();
  } finally {
    optimizer.dispose();
    w.dispose();
  }
}

/**
 * The text of `file` with those of the placement's barriers that go in it
 * applied: fences on new lines, accesses rewritten in place; in a
 * TypeScript file, the kernel functions written are imported too.
 */
export function applyPlacement(source: string, placement: Placement[], file = placement[0]?.file ?? ''): string {
  const mine = placement.filter((p) => p.file === file);
  const lines = source.split('\n');
  for (const line of [...new Set(mine.map((p) => p.line))].sort((a, b) => b - a)) {
    const text = lines[line - 1] ?? '';
    const indent = /^\s*/.exec(text)![0];
    const here = mine.filter((p) => p.line === line);
    let replaced = text;
    for (const p of here) if (!isFence(p)) replaced = upgradeAccess(replaced, p.spelled);
    const fences = here.filter(isFence).map((p) => `${indent}${p.spelled}();`);
    lines.splice(line - 1, 1, ...fences, replaced);
  }
  const fixed = lines.join('\n');
  return file.endsWith('.ts') ? withKernelImports(fixed, [...new Set(mine.map((p) => p.spelled))]) : fixed;
}

/** The import of memorder's kernel library in a TypeScript file: `import { a, b } from 'memorder/kernel'` (or a path to src/kernel). */
const KERNEL_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'(?:memorder\/kernel|[^']*\/kernel(?:\/index)?(?:\.js)?)';?$/m;

/** `source` importing `names` from the kernel library too, each at its place in the list, or in a new import. */
function withKernelImports(source: string, names: string[]): string {
  const m = KERNEL_IMPORT.exec(source);
  const bare = (entry: string) => entry.trim().replace(/^type\s+/, '').replace(/,$/, '');
  const have = new Set((m?.[1] ?? '').split(',').map(bare));
  const missing = names.filter((n) => !have.has(n)).sort();
  if (missing.length === 0) return source;
  if (!m) return `import { ${missing.join(', ')} } from 'memorder/kernel';\n${source}`;
  // Where a name goes: before the first entry that sorts after it (ASCII); `type` entries come last.
  const after = (entry: string, n: string) => /^\s*type\s/.test(entry) || bare(entry) > n;
  const inner = m[1]!;
  let list: string;
  if (inner.includes('\n')) {
    // One entry a line: each missing name on its own line, at its place.
    const rows = inner.split('\n');
    const indent = /^\s*/.exec(rows.find((r) => r.trim() !== '') ?? '  ')![0];
    for (const n of missing) {
      const at = rows.findIndex((r) => r.trim() !== '' && after(r, n));
      rows.splice(at >= 0 ? at : rows.length - 1, 0, `${indent}${n},`);
    }
    list = rows.join('\n');
  } else {
    const entries = inner.split(',').map((e) => e.trim()).filter(Boolean);
    for (const n of missing) {
      const at = entries.findIndex((e) => after(e, n));
      entries.splice(at >= 0 ? at : entries.length, 0, n);
    }
    list = ` ${entries.join(', ')} `;
  }
  return source.slice(0, m.index) + m[0].replace(`{${inner}}`, `{${list}}`) + source.slice(m.index + m[0].length);
}

function isFence(p: Placement): boolean {
  return isPointId(p.id);
}

/** READ_ONCE(*x) -> smp_load_acquire(x), WRITE_ONCE(*x, v) -> smp_store_release(x, v) (C and TypeScript spellings). */
function upgradeAccess(text: string, to: string): string {
  if (to === 'smp_load_acquire') return text.replace(/READ_ONCE\(\s*\*?\s*([^()]+?)\s*\)/, 'smp_load_acquire($1)');
  if (to === 'smp_store_release') return text.replace(/WRITE_ONCE\(\s*\*?\s*([^,()]+?)\s*,/, 'smp_store_release($1,');
  return text;
}
