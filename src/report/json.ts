// One JSON object per test per line (`verify --json`).

import type { TestResult } from '../engine/result.js';

export function toJsonLine(r: TestResult): string {
  const out: Record<string, unknown> = {
    file: r.file,
    name: r.name,
    model: r.model,
    verdict: r.verdict,
    condition: r.condition,
    states: r.states,
    positive: r.positive,
    negative: r.negative,
    flags: r.flags,
    timeMs: r.timeMs,
  };
  if (r.reason) out.reason = r.reason;
  if (r.thinAirLeftOut) out.thinAirLeftOut = true;
  if (r.boundReached) out.boundReached = r.boundReached;
  if (r.witness) out.witness = r.witness;
  return JSON.stringify(out);
}
