// `barriers`: for every barrier of a program, is it necessary (dropping it
// alone lets the forbidden outcome happen, with the execution that shows
// it), could it be weaker (the weakest kind that still forbids it), and the
// minimal sets of barriers that alone forbid it. All on one encoding per
// model (src/check/whatif.ts).

import type { Program } from '../program/ir.js';
import { KINDS, weakerKinds, type Barrier } from '../program/barriers.js';
import type { LoadedModel } from '../engine/models.js';
import type { Verdict, Witness } from '../engine/result.js';
import { spell, WhatIf } from './whatif.js';

export interface BarrierVerdict {
  id: string;
  /** The primitive as written (`smp_mb`, `smp_load_acquire`, `xchg`). */
  kind: string;
  thread: number;
  /** Where it is written: in a spec, the reference implementation's file. */
  file: string;
  line: number;
  /** Dropping it alone makes the forbidden outcome reachable. */
  necessary: boolean;
  /** For a necessary barrier: the weakest weaker kind that still forbids the outcome, spelled as kernel C; null if none does. */
  weakestSufficient: string | null;
  /** The execution that reaches the outcome without it. */
  witnessIfDropped?: Witness;
}

export interface BarrierReport {
  file: string;
  name: string;
  model: string;
  /** The condition's verdict as written (Never: the outcome is forbidden). */
  verdict: Verdict;
  /** The forbidden outcome cannot happen as written (so barriers can be judged). */
  forbidden: boolean;
  barriers: BarrierVerdict[];
  /** Every subset-minimal set of barrier ids that alone forbids the outcome. */
  minimalSets: string[][];
  reason?: string;
  timeMs: number;
}

export async function analyseBarriers(program: Program, opts: { model: LoadedModel; unroll: number; timeoutMs?: number }): Promise<BarrierReport> {
  const started = performance.now();
  const report: BarrierReport = {
    file: program.file,
    name: program.name,
    model: opts.model.name,
    verdict: 'Unknown',
    forbidden: false,
    barriers: [],
    minimalSets: [],
    timeMs: 0,
  };
  const done = (reason?: string) => {
    if (reason) report.reason = reason;
    report.timeMs = Math.round(performance.now() - started);
    return report;
  };
  const w = await WhatIf.create(program, opts);
  if (!(w instanceof WhatIf)) return done(w.unsupported);
  try {
    const asWritten = w.family.asWritten();
    const base = await w.verdict(asWritten);
    report.verdict = base.verdict;
    if (base.verdict === 'Unknown') return done(base.reason);
    const bad = await w.badReachable(asWritten);
    if (bad.answer === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    report.forbidden = bad.answer === 'unsat';
    const entry = (b: Barrier): BarrierVerdict => ({
      id: b.id,
      kind: b.primitive,
      thread: b.thread,
      file: b.pos.file,
      line: b.pos.line,
      necessary: false,
      weakestSufficient: null,
    });
    report.barriers = w.family.barriers.map(entry);
    if (!report.forbidden) return done('the outcome is reachable as written: no barrier forbids it');

    for (const [i, b] of w.family.barriers.entries()) {
      const v = report.barriers[i]!;
      const dropped = await w.badReachable(new Map([...asWritten, [b.id, 'none']]));
      if (dropped.answer === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
      v.necessary = dropped.answer === 'sat';
      if (dropped.witness) v.witnessIfDropped = dropped.witness;
      if (!v.necessary) continue;
      const weakest = await weakestSufficient(b, async (kind) => {
        const r = await w.badReachable(new Map([...asWritten, [b.id, kind]]));
        if (r.answer === 'unknown') throw new Error(`solver: ${w.enc.session.reasonUnknown()}`);
        return r.answer === 'unsat';
      });
      if (weakest) v.weakestSufficient = spell(b, weakest);
    }
    const necessary = new Set(report.barriers.filter((b) => b.necessary).map((b) => b.id));
    const sets = await w.minimalSufficientSets(undefined, { necessary });
    if (sets === 'unknown') return done(`solver: ${w.enc.session.reasonUnknown()}`);
    report.minimalSets = sets;
    return done();
  } finally {
    w.dispose();
  }
}

/**
 * The weakest kind weaker than a barrier's own that still suffices. Kinds
 * are asked strongest first: every kind of a lower rank is weaker than each
 * of a higher rank (smp_rmb and smp_wmb are both above barrier()), so once
 * one fails, the lower ranks cannot succeed and are not asked.
 */
async function weakestSufficient(b: Barrier, suffices: (kind: string) => Promise<boolean>): Promise<string | undefined> {
  const rank = (k: string) => KINDS[b.class].find((x) => x.kind === k)!.rank;
  let best: string | undefined;
  let floor = -Infinity;
  for (const kind of weakerKinds(b).sort((x, y) => rank(y) - rank(x))) {
    if (rank(kind) < floor) break;
    if (await suffices(kind)) best = kind;
    else floor = Math.max(floor, rank(kind));
  }
  return best;
}
