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
import { withCandidateFences, withUpgradableAccesses } from '../program/candidates.js';
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
  /** Candidate id: `P1@25` (a fence before line 25 of P1) or `P1:READ_ONCE#2` (an upgrade). */
  id: string;
  /** What to write: `smp_rmb`, `smp_load_acquire`. */
  spelled: string;
  thread: number;
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
  /** The change as a unified-diff-like snippet of the source. */
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
      found.push(chosen.map((c) => ({ id: c.b.id, spelled: spell(c.b, c.kind), thread: c.b.thread, line: c.b.pos.line, cost: c.cost })));
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

/** The source text with the placement applied: fences on new lines, accesses rewritten in place. */
export function applyPlacement(source: string, placement: Placement[]): string {
  const lines = source.split('\n');
  for (const line of [...new Set(placement.map((p) => p.line))].sort((a, b) => b - a)) {
    const text = lines[line - 1] ?? '';
    const indent = /^\s*/.exec(text)![0];
    const here = placement.filter((p) => p.line === line);
    let replaced = text;
    for (const p of here) if (!isFence(p)) replaced = upgradeAccess(replaced, p.spelled);
    const fences = here.filter(isFence).map((p) => `${indent}${p.spelled}();`);
    lines.splice(line - 1, 1, ...fences, replaced);
  }
  return lines.join('\n');
}

/** The placement as a unified-diff-like snippet of the source text. */
export function placementDiff(source: string, file: string, placement: Placement[]): string {
  const lines = source.split('\n');
  const hunks: string[] = [`--- ${file}`, `+++ ${file} (fixed)`];
  for (const line of [...new Set(placement.map((p) => p.line))].sort((a, b) => a - b)) {
    const text = lines[line - 1] ?? '';
    const [patched] = applyPlacement(text, placement.filter((p) => p.line === line).map((p) => ({ ...p, line: 1 }))).split('\n').slice(-1);
    const indent = /^\s*/.exec(text)![0];
    hunks.push(`@@ line ${line} @@`);
    if (line >= 2) hunks.push(` ${lines[line - 2]}`);
    for (const p of placement.filter((x) => x.line === line && isFence(x))) hunks.push(`+${indent}${p.spelled}();`);
    if (patched !== text) hunks.push(`-${text}`, `+${patched}`);
    else hunks.push(` ${text}`);
  }
  return hunks.join('\n');
}

function isFence(p: Placement): boolean {
  return p.id.includes('@');
}

/** READ_ONCE(*x) -> smp_load_acquire(x), WRITE_ONCE(*x, v) -> smp_store_release(x, v) (C and TypeScript spellings). */
function upgradeAccess(text: string, to: string): string {
  if (to === 'smp_load_acquire') return text.replace(/READ_ONCE\(\s*\*?\s*([^()]+?)\s*\)/, 'smp_load_acquire($1)');
  if (to === 'smp_store_release') return text.replace(/WRITE_ONCE\(\s*\*?\s*([^,()]+?)\s*,/, 'smp_store_release($1,');
  return text;
}
