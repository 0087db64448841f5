// Text of the barrier queries: `what-if` and `barriers`.

import type { Explanation } from '../check/explanation.js';
import type { BarrierReport } from '../check/necessity.js';
import type { FixResult, Placement } from '../check/synthesis.js';
import type { WhatIfResult } from '../check/whatif.js';
import { isPointId } from '../program/candidates.js';
import type { Naming } from '../program/naming.js';
import { padEnd, visibleWidth, type Paint } from './colour.js';
import { formatWitness } from './text.js';

// Each takes the Naming of the program asked about (a spec's outputs name
// its threads, file:line and r.THREAD as verify does) and the Paint of the
// output (verdicts and necessary/not needed coloured on a terminal).

export function formatWhatIf(r: WhatIfResult, naming: Naming, paint: Paint): string {
  const lines = [`What-if ${r.name} (${r.file}) model ${r.model}`];
  lines.push(`  as written: ${paint.verdict(r.before)}`);
  lines.push(`  with ${r.changes.join(', ')}: ${paint.verdict(r.verdict)}${r.reason ? ` (${r.reason})` : ''}`);
  if (r.witness) lines.push(...formatWitness(r.witness, naming));
  return lines.join('\n');
}

export function formatBarrierReport(r: BarrierReport, witnesses: boolean, naming: Naming, paint: Paint): string {
  const lines = [`Barriers of ${r.name} (${r.file}) model ${r.model}: the outcome is ${paint.verdict(r.verdict)}${r.reason ? ` (${r.reason})` : ''}`];
  if (r.barriers.length === 0) {
    lines.push('  no barriers');
    return lines.join('\n');
  }
  const rows = r.barriers.map((b) => [
    b.id,
    b.kind,
    naming.site(b.thread, b),
    r.forbidden ? (b.necessary ? paint.good('necessary') : paint.dim('not needed')) : '-',
    b.necessary ? (b.weakestSufficient ? `could be ${b.weakestSufficient}` : 'cannot be weaker') : '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => visibleWidth(row[i]!))));
  for (const row of rows) lines.push(`  ${row.map((c, i) => padEnd(c, widths[i]!)).join('  ').trimEnd()}`);
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
      lines.push(...formatWitness(b.witnessIfDropped, naming).map((l) => `  ${l}`));
    }
  }
  return lines.join('\n');
}

function formatPlacement(p: Placement[], naming: Naming): string {
  if (p.length === 0) return 'nothing';
  return p.map((x) => `${x.spelled}${isPointId(x.id) ? '() before' : ' at'} ${naming.site(x.thread, x)}`).join(', ');
}

export function formatFix(r: FixResult, naming: Naming, paint: Paint, diff?: string): string {
  const lines = [`Fix for ${r.name} (${r.file}) model ${r.model}: the outcome is ${paint.verdict(r.verdict)} as written${r.reason ? ` (${r.reason})` : ''}`];
  if (!r.placement) return lines.join('\n');
  if (!r.needed) {
    lines.push('  nothing to add: the outcome is already forbidden');
    return lines.join('\n');
  }
  lines.push(`  cheapest (cost ${r.cost}): ${formatPlacement(r.placement, naming)}`);
  lines.push(
    `  optimal: no placement of cost < ${r.cost} forbids it (each is allowed one of ${r.counterexamples} counterexample execution${r.counterexamples === 1 ? '' : 's'})`,
  );
  for (const a of r.alternatives) lines.push(`  equally cheap: ${formatPlacement(a, naming)}`);
  // Unindented: the output can go to `git apply` or `patch` as it is.
  if (diff) lines.push(diff.trimEnd());
  return lines.join('\n');
}

export function formatExplanation(r: Explanation, naming: Naming, paint: Paint): string {
  const lines = [`Explain ${r.name} (${r.file}) model ${r.model}: the outcome is ${paint.verdict(r.verdict)}${r.reason ? ` (${r.reason})` : ''}`];
  if (r.cycle) {
    lines.push(`  it happens: ${r.cycle}`);
    if (r.witness) lines.push(...formatWitness(r.witness, naming));
  }
  r.paths.forEach((p, i) => {
    const states = p.states.map((s) => naming.state(s)).join(' | ');
    lines.push(`  path ${i + 1}${p.reads.length > 0 ? `: ${p.reads.join(', ')}` : ''} (without barriers it ends in ${states}):`);
    lines.push(
      `    ruled out by ${p.minimalSets.map((s) => (s.length === 0 ? 'the model alone' : `{${s.join(', ')}}`)).join(' or by ')}`,
    );
    if (p.axioms.length > 0) lines.push(`    axiom${p.axioms.length > 1 ? 's' : ''}: ${p.axioms.join(', ')}`);
    lines.push(`    cycle: ${p.cycle}`);
  });
  if (r.pairing) {
    const show = (ps: [string, string][]) => ps.map(([a, b]) => `${a} <-> ${b}`).join(', ') || 'none';
    lines.push(`  pairs the proof uses: ${show(r.pairing.used)}`);
    lines.push(`  declared (pairs-with): ${show(r.pairing.declared)}`);
    if (r.pairing.unneeded.length > 0) lines.push(`  declared but never needed: ${show(r.pairing.unneeded)}`);
    if (r.pairing.undeclared.length > 0) lines.push(`  used but not declared: ${show(r.pairing.undeclared)}`);
    if (r.pairing.unpaired.length > 0) lines.push(`  barriers that pair with nothing: ${r.pairing.unpaired.join(', ')}`);
  }
  return lines.join('\n');
}
