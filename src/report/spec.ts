// Output of `verify` on a scenario spec: one line per model × variant
// (verdict, expectation, ok or MISMATCH), and for a reachable forbidden
// outcome the witness in the spec's terms: thread names, the function and
// TypeScript file:line of each event, and final results as r.THREAD / m.CELL.

import type { Witness, WitnessEvent } from '../engine/result.js';
import type { SpecResult, SpecRow } from '../check/spec.js';
import { Naming } from '../program/naming.js';
import { padEnd, PLAIN, type Paint } from './colour.js';
import { specColumns, type SpecColumns } from './columns.js';

/** The witness as lines: events in program order per thread, reads-from, final state. */
export function formatSpecWitness(w: Witness, naming: Naming, indent = '    '): string[] {
  const thread = (e: WitnessEvent) => naming.thread(e.thread);
  const byId = new Map(w.events.map((e) => [e.id, e]));
  const width = Math.max(...naming.threads.map((t) => t.length), 4);
  const lines: string[] = [`${indent}witness:`];
  const access = (e: WitnessEvent) => (e.kind === 'F' ? 'F' : `${e.kind} ${e.location}=${e.value}`);
  const where = (e: WitnessEvent) => (e.pos ? `${e.pos.fn ?? '?'} (${naming.at(e.pos)})` : '');
  const events = w.events.filter((e) => e.thread >= 0);
  const accessWidth = Math.max(22, ...events.map((e) => access(e).length));
  const labelWidth = Math.max(22, ...events.map((e) => e.label.length));
  for (const e of events) lines.push(`${indent}  ${thread(e).padEnd(width)}  ${access(e).padEnd(accessWidth)} ${e.label.padEnd(labelWidth)} ${where(e)}`);
  for (const [wr, rd] of w.rf) {
    const a = byId.get(wr);
    const b = byId.get(rd);
    if (!a || !b || b.thread < 0) continue;
    const from = a.thread < 0 ? `initial ${a.location}=${a.value}` : `${thread(a)} ${a.label} ${naming.at(a.pos)}`.trim();
    lines.push(`${indent}  ${thread(b)} ${b.label} ${naming.at(b.pos)} reads ${b.location}=${b.value} from ${from}`);
  }
  if (Object.keys(w.state).length > 0) lines.push(`${indent}  outcome: ${naming.state(w.state)}`);
  return lines;
}

export function formatSpecRow(r: SpecResult, row: SpecRow, cols: SpecColumns = specColumns([r.file]), paint: Paint = PLAIN): string {
  const status = row.match ? paint.good('ok') : paint.bad('MISMATCH');
  const reason = row.reason ? ` (${row.reason})` : '';
  const verdict = padEnd(paint.verdict(row.verdict), 9);
  return `${cols.pad('file', r.file)}  ${cols.pad('model', row.model)} ${cols.pad('variant', row.variant)} ${verdict} expected ${row.expected.padEnd(9)} ${status}${reason}`;
}

/** The spec's rows, each with its witness; `cols` first widen to hold them (shared by a run's files, they keep the rows aligned). */
export function formatSpecResult(r: SpecResult, cols: SpecColumns = specColumns(), paint: Paint = PLAIN): string {
  cols.fit({ file: [r.file], model: r.rows.map((row) => row.model), variant: r.rows.map((row) => row.variant) });
  const lines: string[] = [];
  for (const row of r.rows) {
    lines.push(formatSpecRow(r, row, cols, paint));
    if (row.witness) lines.push(...formatSpecWitness(row.witness, new Naming(row.threads, true)));
  }
  if (r.rows.length === 0) lines.push(`${cols.pad('file', r.file)}  no expectation selected`);
  return lines.join('\n');
}

/** One JSON object per model × variant (`verify --json`). */
export function specJsonLines(r: SpecResult): string[] {
  return r.rows.map((row) =>
    JSON.stringify({
      file: r.file,
      name: r.name,
      variant: row.variant,
      model: row.model,
      verdict: row.verdict,
      expected: row.expected,
      match: row.match,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.commit ? { commit: row.commit } : {}),
      timeMs: row.result.timeMs,
      ...(row.witness ? { witness: row.witness, threads: row.threads } : {}),
    }),
  );
}
