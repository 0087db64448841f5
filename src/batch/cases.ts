// The unit `memorder ci` checks and reports: a check case is one file under
// one model and one variant, with what it is expected to do, what it did,
// and where in the source a mismatch should point. Litmus tests and spec
// files produce the same cases (src/batch/sources.ts), so the runner, the
// cache and every report (text, JUnit, SARIF, JSON, HTML) handle both alike.

import type { SourcePos } from '../program/ir.js';
import type { FinalState, TestResult, Verdict, Witness } from '../engine/result.js';

/** One thing an expectation claims about a result, with where the claim is written. */
export type Claim =
  | { kind: 'verdict'; verdict: Exclude<Verdict, 'Unknown'>; pos: SourcePos }
  /** No allowed execution at all (the kernel's `Result: DEADLOCK`: herd's `Never 0 0`). */
  | { kind: 'deadlock'; pos: SourcePos }
  /** A flag such as `data-race` is raised by some allowed execution, or by none. */
  | { kind: 'flag'; flag: string; raised: boolean; pos: SourcePos }
  /** Exactly these final states are reachable (herd7's `States` block). */
  | { kind: 'states'; states: FinalState[]; pos: SourcePos };

export interface Expectation {
  /** Where the expectation comes from, for messages: `Result: line`, `herd7 output`, `spec`. */
  source: string;
  claims: Claim[];
}

/** pass: every claim holds; fail: one does not; unknown: the tool could not decide; skip: nothing expected. */
export type CaseStatus = 'pass' | 'fail' | 'unknown' | 'skip';

/** A source position with what it shows (a witness event, the expectation). */
export interface RelatedLocation {
  pos: SourcePos;
  message: string;
}

export interface CheckCase {
  file: string;
  /** The test's or scenario's name. */
  name: string;
  model: string;
  /** '' for a file that has no variants (litmus tests). */
  variant: string;
  status: CaseStatus;
  /** The expectation in words (`Never DATARACE`), or '' when none. */
  expected: string;
  /** The outcome in words (`Sometimes`, `Unknown (solver: timeout)`). */
  actual: string;
  /** Why the case did not pass: one line per claim that failed. */
  messages: string[];
  /** Where a mismatch points: the barrier a variant changes, or the condition. */
  location: SourcePos;
  /** The witness events, then the expectation's own position. */
  related: RelatedLocation[];
  witness?: Witness;
  /** A spec's thread names by thread number (for its witness); absent for litmus tests. */
  threads?: string[];
  flags: string[];
  states: number;
  timeMs: number;
}

/** A case's display name in tables, JUnit and SARIF: `lkmm` or `lkmm/variant`. */
export function caseLabel(c: Pick<CheckCase, 'model' | 'variant'>): string {
  return c.variant ? `${c.model}/${c.variant}` : c.model;
}

const samePos = (a: SourcePos, b: SourcePos) => a.file === b.file && a.line === b.line && a.col === b.col;
const stateKey = (s: FinalState) => JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));

function describeExpectation(claims: Claim[]): string {
  const words: string[] = [];
  for (const c of claims) {
    if (c.kind === 'verdict' && !words.includes(c.verdict)) words.push(c.verdict);
    if (c.kind === 'deadlock' && !words.includes('DEADLOCK')) words.push('DEADLOCK');
  }
  for (const c of claims) {
    if (c.kind === 'flag' && c.raised && !words.includes(c.flag)) words.push(c.flag === 'data-race' ? 'DATARACE' : c.flag);
  }
  return words.join(' ');
}

export function describeResult(r: TestResult): string {
  if (r.verdict === 'Unknown') return `Unknown (${r.reason ?? 'no reason given'})`;
  const flags = r.flags.map((f) => (f === 'data-race' ? 'DATARACE' : f));
  return [r.verdict, ...flags].join(' ');
}

/** The claims of an expectation that a result contradicts, one message each. */
export function failedClaims(claims: Claim[], r: TestResult): string[] {
  const at = (p: SourcePos) => `${p.file}:${p.line}`;
  const out: string[] = [];
  for (const c of claims) {
    switch (c.kind) {
      case 'verdict':
        if (r.verdict !== c.verdict) out.push(`expected ${c.verdict}, got ${r.verdict} (expected at ${at(c.pos)})`);
        break;
      case 'deadlock': {
        const runs = r.positive + r.negative;
        if (runs > 0) out.push(`expected DEADLOCK (no allowed execution), got ${r.verdict} with ${r.states.length} final state(s) (expected at ${at(c.pos)})`);
        break;
      }
      case 'flag':
        if (r.flags.includes(c.flag) !== c.raised) {
          out.push(
            c.raised
              ? `expected flag ${c.flag}, which no allowed execution raises (expected at ${at(c.pos)})`
              : `unexpected flag ${c.flag}: an allowed execution raises it (expected at ${at(c.pos)})`,
          );
        }
        break;
      case 'states': {
        const want = new Set(c.states.map(stateKey));
        const got = new Set(r.states.map(stateKey));
        const missing = [...want].filter((s) => !got.has(s));
        const extra = [...got].filter((s) => !want.has(s));
        if (missing.length > 0 || extra.length > 0) {
          out.push(`final states differ: ${missing.length} expected state(s) not reachable, ${extra.length} unexpected (expected at ${at(c.pos)})`);
        }
        break;
      }
    }
  }
  return out;
}

/** Witness events with a source position, as related locations. */
export function witnessLocations(w: Witness | undefined): RelatedLocation[] {
  if (!w) return [];
  return w.events
    .filter((e) => e.pos && e.thread >= 0)
    .map((e) => ({
      pos: e.pos!,
      message: `P${e.thread}: ${e.kind}${e.location ? ` ${e.location}=${e.value}` : ''} (${e.label})`,
    }));
}

/**
 * Judges one result against an expectation: the case `ci` reports. `location`
 * is where a mismatch points (the condition, or the barrier of a variant).
 */
export function judge(r: TestResult, expectation: Expectation | undefined, location: SourcePos, variant = ''): CheckCase {
  const base = {
    file: r.file,
    name: r.name,
    model: r.model,
    variant,
    expected: expectation ? describeExpectation(expectation.claims) : '',
    actual: describeResult(r),
    location,
    flags: r.flags,
    states: r.states.length,
    timeMs: r.timeMs,
  };
  const related = witnessLocations(r.witness);
  for (const c of expectation?.claims ?? []) {
    if (!related.some((x) => samePos(x.pos, c.pos))) related.push({ pos: c.pos, message: `expectation (${expectation!.source})` });
  }
  const withWitness = r.witness ? { witness: r.witness } : {};
  if (!expectation || expectation.claims.length === 0) {
    return { ...base, ...withWitness, status: 'skip', messages: ['no expectation'], related };
  }
  if (r.verdict === 'Unknown') {
    return { ...base, ...withWitness, status: 'unknown', messages: [`undecided: ${r.reason ?? 'Unknown'}`], related };
  }
  const messages = failedClaims(expectation.claims, r);
  return { ...base, ...withWitness, status: messages.length > 0 ? 'fail' : 'pass', messages, related };
}

/** A case with no expectation: reported as skipped, without running the solver. */
export function skippedCase(file: string, name: string, model: string, location: SourcePos, why: string): CheckCase {
  return {
    file,
    name,
    model,
    variant: '',
    status: 'skip',
    expected: '',
    actual: '',
    messages: [why],
    location,
    related: [],
    flags: [],
    states: 0,
    timeMs: 0,
  };
}
