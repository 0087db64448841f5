// Text of the barrier queries: `what-if` and `barriers`.

import type { BarrierReport } from '../check/necessity.js';
import type { WhatIfResult } from '../check/whatif.js';
import { formatWitness } from './text.js';

export function formatWhatIf(r: WhatIfResult): string {
  const lines = [`What-if ${r.name} (${r.file}) model ${r.model}`];
  lines.push(`  as written: ${r.before}`);
  lines.push(`  with ${r.changes.join(', ')}: ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`);
  if (r.witness) lines.push(...formatWitness(r.witness));
  return lines.join('\n');
}

export function formatBarrierReport(r: BarrierReport, witnesses: boolean): string {
  const lines = [`Barriers of ${r.name} (${r.file}) model ${r.model}: the outcome is ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`];
  if (r.barriers.length === 0) {
    lines.push('  no barriers');
    return lines.join('\n');
  }
  const rows = r.barriers.map((b) => [
    b.id,
    b.kind,
    `P${b.thread} line ${b.line}`,
    r.forbidden ? (b.necessary ? 'necessary' : 'not needed') : '-',
    b.necessary ? (b.weakestSufficient ? `could be ${b.weakestSufficient}` : 'cannot be weaker') : '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) lines.push(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`);
  if (r.forbidden) {
    lines.push(
      r.minimalSets.length === 0
        ? '  minimal sufficient sets: none'
        : `  minimal sufficient sets: ${r.minimalSets.map((s) => (s.length === 0 ? '{} (no barrier is needed)' : `{${s.join(', ')}}`)).join(' ')}`,
    );
  }
  if (witnesses) {
    for (const b of r.barriers) {
      if (!b.witnessIfDropped) continue;
      lines.push(`  Without ${b.id}:`);
      lines.push(...formatWitness(b.witnessIfDropped).map((l) => `  ${l}`));
    }
  }
  return lines.join('\n');
}
