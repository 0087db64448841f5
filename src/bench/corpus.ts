// The public LKMM litmus corpus (../shared/litmus/corpus, 4,784 tests; see
// its README.md) against herd7: what `npm run bench -- --corpus` runs.
//
// Each test is parsed and verified under LKMM (60 s solver budget, the
// pool's processes), and compared with herd7's output for it: herd7 is run
// on it (60 s cap, as `timeout 60 herd-lkmm FILE`) when
// ../shared/tools/herd7 exists, or its output is read from `--herd-out DIR`
// (DIR/<path in the corpus>.out, with DIR/../times.tsv's `path, rc, seconds`
// lines for herd7's times when present). Reported: how many files parse and
// why the others do not, verdict and final-state agreement with herd7 where
// herd7 decides within the cap, wrong verdicts against reachable.tsv, every
// Unknown by reason, internal errors, and both tools' total times.
// `--files LIST` restricts it to the corpus paths LIST names.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findFiles } from '../batch/files.js';
import { parseHerdOutput, type HerdOutput } from '../batch/herd-output.js';
import { defaultJobs, verifyAll } from '../batch/pool.js';
import type { TestResult } from '../engine/result.js';
import { failedClaims } from '../batch/cases.js';
import { parseLitmus } from '../litmus/parse.js';
import { InputError } from '../program/errors.js';

export const CORPUS_DIR = resolve('../shared/litmus/corpus');
const HERD = resolve('../shared/tools/herd7/herd-lkmm');
const CAP_S = 60;

/** Whether memorder's result is herd7's: the same verdict, and exactly the same final states (as `ci` judges them). */
export function agreesWithHerd(r: TestResult, herd: HerdOutput): { verdict: boolean; states: boolean } {
  const pos = { file: r.file, line: 1, col: 1 };
  return {
    verdict: failedClaims([{ kind: 'verdict', verdict: herd.verdict, pos }], r).length === 0,
    states: failedClaims([{ kind: 'states', states: herd.states, pos }], r).length === 0,
  };
}

/** herd7 on one test, or what it printed before; `decided` when it gave an Observation within the cap. */
type HerdRun = { decided: HerdOutput; seconds?: number } | { undecided: string; seconds?: number };

function herdTimes(herdOut: string): Map<string, { rc: number; seconds: number }> {
  const tsv = join(herdOut, '..', 'times.tsv');
  const out = new Map<string, { rc: number; seconds: number }>();
  if (!existsSync(tsv)) return out;
  for (const line of readFileSync(tsv, 'utf8').split('\n')) {
    const [f, rc, s] = line.split('\t');
    if (f && rc !== undefined && s !== undefined) out.set(f, { rc: Number(rc), seconds: Number(s) });
  }
  return out;
}

function herdOn(rel: string, herdOut: string | undefined, times: Map<string, { rc: number; seconds: number }>): HerdRun | undefined {
  let text: string;
  let seconds: number | undefined;
  if (herdOut) {
    const f = join(herdOut, `${rel}.out`);
    if (!existsSync(f)) return undefined;
    text = readFileSync(f, 'utf8');
    const t = times.get(rel);
    if (t?.rc === 124) return { undecided: `killed at the ${CAP_S} s cap`, seconds: t.seconds };
    seconds = t?.seconds;
  } else {
    const t = performance.now();
    const r = spawnSync('timeout', [String(CAP_S), HERD, rel], { cwd: CORPUS_DIR, encoding: 'utf8' });
    seconds = (performance.now() - t) / 1000;
    if (r.status === 124) return { undecided: `killed at the ${CAP_S} s cap`, seconds };
    text = r.stdout + r.stderr;
  }
  try {
    return { decided: parseHerdOutput(text), seconds };
  } catch {
    return { undecided: `rejected: ${text.trim().split('\n')[0]}`, seconds };
  }
}

function count(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Reachability of the condition's proposition per test (reachable.tsv: `file<TAB>0|1|`). */
function reachability(): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of readFileSync(join(CORPUS_DIR, 'reachable.tsv'), 'utf8').trim().split('\n').slice(1)) {
    const [f, v] = line.split('\t');
    if (f && (v === '0' || v === '1')) out.set(f, v === '1');
  }
  return out;
}

export async function benchCorpus(args: string[]): Promise<string[]> {
  if (!existsSync(CORPUS_DIR)) return [`corpus: skipped, ${CORPUS_DIR} is absent`];
  const at = args.indexOf('--herd-out');
  const herdOut = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
  const runHerd = !herdOut && existsSync(HERD);
  const rel = (f: string) => relative(CORPUS_DIR, f);
  // `--files LIST`: only the tests LIST names (paths in the corpus, one a line).
  const listAt = args.indexOf('--files');
  const only = listAt >= 0 ? new Set(readFileSync(args[listAt + 1] ?? '', 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)) : undefined;
  const files = findFiles([CORPUS_DIR], ['.litmus']).filter((f) => !only || only.has(rel(f)));
  const lines: string[] = [];

  // Parse: every file, or the reason it is rejected.
  const rejected = new Map<string, number>();
  const parsed: string[] = [];
  for (const f of files) {
    try {
      parseLitmus(readFileSync(f, 'utf8'), f);
      parsed.push(f);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      count(rejected, e.detail.replace(/'[^']*'/g, "'…'"));
    }
  }
  lines.push(`corpus: ${files.length} files, ${parsed.length} parse`);
  for (const [why, n] of rejected) lines.push(`  rejected ${n}: ${why}`);

  // Verify under LKMM, then compare with herd7.
  const results = new Map<string, TestResult>();
  const t0 = performance.now();
  await verifyAll(parsed, { models: ['lkmm'], variants: [], timeoutMs: CAP_S * 1000, unroll: 4 }, defaultJobs(), (o) => {
    if ('results' in o) results.set(o.file, o.results[0]!);
  });
  const memorderWallS = (performance.now() - t0) / 1000;
  const times = herdOut ? herdTimes(herdOut) : new Map();
  const reach = reachability();
  const unknown = new Map<string, number>();
  const herdUndecided = new Map<string, number>();
  let internal = 0;
  let decided = 0;
  let sameVerdict = 0;
  let sameStates = 0;
  let compared = 0;
  let reachChecked = 0;
  let memorderS = 0;
  let herdS = 0;
  const wrong: string[] = [];
  for (const f of parsed) {
    const r = results.get(f);
    if (!r) continue;
    if (r.verdict === 'Unknown') count(unknown, (r.reason ?? '').replace(/\(at [^)]*\)|\(P\d+ line \d+[^)]*\)/g, '(…)'));
    if (r.internalError) internal++;
    const reachable = reach.get(rel(f));
    if (reachable !== undefined && r.verdict !== 'Unknown') {
      reachChecked++;
      if (reachable !== r.positive > 0) wrong.push(`${rel(f)}: reachable.tsv says ${reachable ? 'reachable' : 'unreachable'}, memorder ${r.verdict}`);
    }
    if (!runHerd && !herdOut) continue;
    const h = herdOn(rel(f), herdOut, times);
    if (!h) continue;
    if ('undecided' in h) {
      count(herdUndecided, h.undecided.startsWith('rejected') ? 'rejected' : h.undecided);
      continue;
    }
    decided++;
    memorderS += r.timeMs / 1000;
    herdS += h.seconds ?? 0;
    const agree = agreesWithHerd(r, h.decided);
    if (agree.verdict) sameVerdict++;
    else wrong.push(`${rel(f)}: herd7 ${h.decided.verdict}, memorder ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`);
    if (r.verdict !== 'Unknown') {
      compared++;
      if (agree.states) sameStates++;
      else wrong.push(`${rel(f)}: final states differ from herd7's (${h.decided.states.length} vs ${r.states.length})`);
    }
  }
  lines.push(`memorder: ${results.size} verified in ${memorderWallS.toFixed(0)} s wall (${defaultJobs()} jobs); ${internal} internal errors`);
  for (const [why, n] of unknown) lines.push(`  Unknown ${n}: ${why}`);
  lines.push(`reachable.tsv: ${reachChecked} decided tests checked, ${wrong.filter((w) => w.includes('reachable.tsv')).length} wrong`);
  if (runHerd || herdOut) {
    lines.push(`herd7 decided ${decided} within ${CAP_S} s: same verdict ${sameVerdict}, same final states ${sameStates} of ${compared} compared`);
    for (const [why, n] of herdUndecided) lines.push(`  herd7 undecided ${n}: ${why}`);
    lines.push(`time on the tests herd7 decides: memorder ${memorderS.toFixed(0)} s, herd7 ${herdS.toFixed(0)} s (sum of per-test times)`);
  } else lines.push(`herd7: not compared (${HERD} is absent; give --herd-out DIR for precomputed outputs)`);
  for (const w of wrong) lines.push(`  DIFFERS ${w}`);
  return lines;
}
