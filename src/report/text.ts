// Human-readable output of `verify`, close to herd7's so kernel developers
// recognise it, plus the witness execution.

import type { FileOutcome } from '../batch/tasks.js';
import type { FinalState, TestResult, Verdict, Witness } from '../engine/result.js';
import { PLAIN, type Paint } from './colour.js';
import { Columns } from './columns.js';
import { Naming } from '../program/naming.js';
import { formatSpecWitness } from './spec.js';

/** A final state as herd7 writes it: `0:r0=1; [x]=2;`. */
export function formatState(s: FinalState): string {
  return Naming.litmus.state(s);
}

/**
 * The witness execution: a litmus test's events as `e4 P0 R x=1 READ_ONCE
 * [Once] (line 14)` with rf and co; a spec's in its own terms (formatSpecWitness).
 */
export function formatWitness(w: Witness, naming: Naming): string[] {
  if (naming.scenario) return formatSpecWitness(w, naming, '  ');
  const lines: string[] = ['  Witness:'];
  const name = (id: number) => {
    const e = w.events.find((x) => x.id === id);
    if (!e) return `e${id}`;
    return e.thread < 0 ? `init ${e.location}` : `${naming.thread(e.thread)}:${e.kind} ${e.location ?? ''}`.trim();
  };
  for (const e of w.events) {
    if (e.thread < 0) continue;
    const access = e.kind === 'F' ? '' : e.kind === 'L' ? ` ${e.location}` : ` ${e.location}=${e.value}`;
    const where = e.pos ? ` (${naming.at(e.pos)})` : '';
    const tags = e.tags.length > 0 ? ` [${e.tags.join(',')}]` : '';
    lines.push(`    e${e.id} ${naming.thread(e.thread)} ${e.kind}${access}  ${e.label}${tags}${where}`);
  }
  for (const [wr, rd] of w.rf) lines.push(`    rf: e${wr} (${name(wr)}) -> e${rd} (${name(rd)})`);
  for (const [loc, order] of Object.entries(w.co)) {
    if (order.length > 1) lines.push(`    co ${loc}: ${order.map((id) => `e${id}`).join(' -> ')}`);
  }
  return lines;
}

export function formatResult(r: TestResult, paint: Paint = PLAIN): string {
  const lines: string[] = [];
  lines.push(`Test ${r.name} (${r.file}) model ${r.model}: ${paint.verdict(r.verdict)}${r.reason ? ` (${r.reason})` : ''}`);
  lines.push(`  States ${r.states.length}`);
  // herd7 prints an empty line for the one state of a test that observes nothing.
  for (const s of r.states) lines.push(`    ${Object.keys(s).length > 0 ? formatState(s) : '(nothing observed: the test has no condition or locations)'}`);
  lines.push(`  Positive: ${r.positive} Negative: ${r.negative}`);
  if (r.flags.length > 0) lines.push(`  Flags: ${r.flags.join(', ')}`);
  if (r.thinAirLeftOut) lines.push('  left out: executions whose values have no solution (a value computed from itself through rf, or a copy cycle\'s symbol computed with), as herd7 leaves them out');
  if (r.boundReached) lines.push(`  bound reached: ${r.boundReached.map((b) => `P${b.thread} loop at line ${b.line}`).join(', ')}`);
  if (r.witness) lines.push(...formatWitness(r.witness, Naming.litmus));
  lines.push(`  Time ${r.timeMs} ms`);
  return lines.join('\n');
}

/** Columns of `verify --model all`: `test`, then `m0`, `m1`... one per model. */
export type ComparisonColumns = Columns<string>;

/**
 * The side-by-side table's columns: the test name at least 48 wide, each
 * model's at least 11 and its name; widened by the test names known before
 * the run (e.g. the files' base names) and, as rows come, by each test's name.
 */
export function comparisonColumns(models: readonly string[], names: readonly string[] = []): ComparisonColumns {
  const widths: Record<string, number> = { test: 48 };
  models.forEach((m, i) => (widths[`m${i}`] = Math.max(11, m.length)));
  return new Columns(widths).fit({ test: names });
}

/** Header of the side-by-side table of `verify --model all`. */
export function formatComparisonHeader(models: string[], cols: ComparisonColumns = comparisonColumns(models)): string {
  return [cols.pad('test', 'test'), ...models.map((m, i) => cols.pad(`m${i}`, m))].join(' ').trimEnd();
}

/** One test under several models: a row of verdicts, then the reasons of any Unknown. */
export function formatComparison(results: TestResult[], cols: ComparisonColumns = comparisonColumns(results.map((r) => r.model)), paint: Paint = PLAIN): string {
  const first = results[0]!;
  cols.fit({ test: [first.name] });
  const cells = results.map((r, i) => cols.pad(`m${i}`, paint.verdict(`${r.verdict}${r.flags.length > 0 ? '*' : ''}`)));
  const row = [cols.pad('test', first.name), ...cells].join(' ').trimEnd();
  const notes = results.flatMap((r) => [
    ...(r.reason ? [`  ${r.model}: ${r.reason}`] : []),
    ...(r.flags.length > 0 ? [`  ${r.model}: * flags ${r.flags.join(', ')}`] : []),
  ]);
  return [row, ...notes].join('\n');
}

/**
 * What `verify` saw, for its closing line: `N tests: n Never, n Sometimes,
 * n Always, n Unknown`, then the spec rows (`n ok, n MISMATCH`) and the
 * files with errors, where there were any.
 */
export class VerifyTally {
  private tests = 0;
  private readonly verdicts: Record<Verdict, number> = { Never: 0, Sometimes: 0, Always: 0, Unknown: 0 };
  private specRows = 0;
  private mismatches = 0;
  private errors = 0;

  add(o: FileOutcome): void {
    if ('error' in o) this.errors++;
    else if ('spec' in o) {
      this.specRows += o.spec.rows.length;
      this.mismatches += o.spec.rows.filter((r) => !r.match).length;
    } else {
      this.tests++;
      for (const r of o.results) this.verdicts[r.verdict]++;
    }
  }

  /** The closing line; with colour, the counts that are not 0 take their verdict's (ok's, MISMATCH's) colour. */
  line(models: number, paint: Paint = PLAIN): string {
    const parts: string[] = [];
    const count = (n: number, text: string, colour: (s: string) => string) => (n > 0 ? colour(text) : text);
    if (this.tests > 0) {
      const counts = (Object.keys(this.verdicts) as Verdict[]).map((v) => `${this.verdicts[v]} ${this.verdicts[v] > 0 ? paint.verdict(v) : v}`).join(', ');
      parts.push(`${plural(this.tests, 'test')}${models > 1 ? ` × ${models} models` : ''}: ${counts}`);
    }
    if (this.specRows > 0) {
      const ok = this.specRows - this.mismatches;
      parts.push(`${plural(this.specRows, 'spec check')}: ${count(ok, `${ok} ok`, paint.good)}, ${count(this.mismatches, `${this.mismatches} MISMATCH`, paint.bad)}`);
    }
    if (this.errors > 0) parts.push(paint.bad(`${plural(this.errors, 'file')} with errors`));
    return parts.join('; ');
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
