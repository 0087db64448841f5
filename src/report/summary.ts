// The end of `memorder ci`'s output: a table per folder × model (variants
// of specs counted within their model),
// each case that did not pass with its position, and one closing line
// `N passed, N failed` (`, N skipped` where any were).

import { dirname } from 'node:path';
import { caseLabel, type CheckCase } from '../batch/cases.js';
import type { CiRun } from '../batch/ci.js';
import { padEnd, padStart, PLAIN, visibleWidth, type Paint } from './colour.js';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Unknown counts as failed: the gate could not show the expectation holds. */
export function countCases(cases: readonly CheckCase[], errors = 0): Counts {
  return {
    passed: cases.filter((c) => c.status === 'pass').length,
    failed: cases.filter((c) => c.status === 'fail' || c.status === 'unknown').length + errors,
    skipped: cases.filter((c) => c.status === 'skip').length,
  };
}

/** With colour: `N passed` green when all passed, `N failed` red when any failed. */
export function closingLine(c: Counts, paint: Paint = PLAIN): string {
  const passed = `${c.passed} passed`;
  const failed = `${c.failed} failed`;
  return `${c.failed === 0 && c.passed > 0 ? paint.good(passed) : passed}, ${c.failed > 0 ? paint.bad(failed) : failed}${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
}

/** Columns as wide as their widest cell (colour codes not counted): the first left-aligned, numbers right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visibleWidth(r[i]!))));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

/** `file:line:col: model: message` for each case that did not pass. */
export function problemLines(cases: readonly CheckCase[]): string[] {
  const out: string[] = [];
  for (const c of cases) {
    if (c.status !== 'fail' && c.status !== 'unknown') continue;
    const where = `${c.location.file}:${c.location.line}:${c.location.col}`;
    for (const m of c.messages) out.push(`${where}: ${c.name} (${caseLabel(c)}): ${m}`);
  }
  return out;
}

/** With colour, counts of failed and Unknown cases that are not 0 are red, and so is the closing line's failed count. */
export function formatSummary(run: CiRun, paint: Paint = PLAIN): string {
  const groups = new Map<string, { folder: string; label: string; cases: CheckCase[] }>();
  for (const c of run.cases) {
    const key = `${dirname(c.file)}\0${c.model}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { folder: dirname(c.file), label: c.model, cases: [] }));
    g.cases.push(c);
  }
  const rows = [['folder', 'model', 'cases', 'passed', 'failed', 'unknown', 'skipped', 'cached']];
  const cachedFiles = new Set(run.files.filter((f) => f.cached).map((f) => f.file));
  for (const g of groups.values()) {
    const count = (s: CheckCase['status']) => g.cases.filter((c) => c.status === s).length;
    const n = (s: CheckCase['status']) => String(count(s));
    const bad = (s: CheckCase['status']) => (count(s) > 0 ? paint.bad(n(s)) : n(s));
    rows.push([g.folder, g.label, String(g.cases.length), n('pass'), bad('fail'), bad('unknown'), n('skip'), String(g.cases.filter((c) => cachedFiles.has(c.file)).length)]);
  }
  const lines = rows.length > 1 ? table(rows) : ['no litmus tests or spec files found'];
  const problems = [...run.errors, ...problemLines(run.cases)];
  if (problems.length > 0) lines.push('', ...problems);
  const { inProcess, helpers, byHelpers } = run.processes;
  const where = helpers > 0 ? ` (tasks: ${inProcess} here, ${byHelpers} in ${helpers} helper process${helpers > 1 ? 'es' : ''})` : '';
  lines.push('', `${run.files.length} files, ${run.cases.length} cases, ${cachedFiles.size} files from the cache, ${(run.wallMs / 1000).toFixed(1)} s${where}`);
  lines.push(closingLine(countCases(run.cases, run.errors.length), paint));
  return lines.join('\n');
}
