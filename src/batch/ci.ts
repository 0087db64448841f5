// `memorder ci`: every litmus test and spec file under the given paths,
// checked against its expectations, with results cached by content and the
// rest shared among processes (src/batch/pool.ts). A spec, many tests under
// several models, is shared too: with --jobs N it is N tasks, each checking
// every N-th of its rows, merged back into one file report.

import { existsSync, statSync } from 'node:fs';
import { ResultCache } from './cache.js';
import type { CheckCase } from './cases.js';
import { findFiles } from './files.js';
import { runTasks, type PoolStats } from './pool.js';
import { CHECKED_SUFFIXES, sourceFor, type CheckOptions } from './sources.js';
import { SPEC_SUFFIX, type SpecPart } from '../check/spec.js';
import type { FileCheck } from './tasks.js';

export interface CiOptions extends CheckOptions {
  jobs: number;
  /** Where results are cached; absent: no cache. */
  cacheDir?: string;
  /** Paths that do not exist are reported through `onMissing` instead of being errors. */
  skipMissing?: boolean;
  onMissing?: (path: string) => void;
  /** Called as each file is done (completion order), for progress. */
  onFile?: (report: FileReport, done: number, total: number) => void;
  /** Called once the files are known, before any is checked. */
  onStart?: (total: number, cached: number) => void;
}

/** One file's cases, or the bad-input line that stopped it. */
export type FileReport = FileCheck & { cached: boolean };

export interface CiRun {
  files: FileReport[];
  cases: CheckCase[];
  /** Bad-input lines (`file:line:col: message`). */
  errors: string[];
  wallMs: number;
  /** Tasks run (litmus tests, parts of specs; none from the cache) in this process and in helper processes. */
  processes: PoolStats;
}

/** Exit status of a run: 2 for bad input, 1 for a mismatch or Unknown, 0 when every check matches. */
export function ciStatus(run: CiRun): number {
  if (run.errors.length > 0) return 2;
  return run.cases.some((c) => c.status === 'fail' || c.status === 'unknown') ? 1 : 0;
}

/**
 * Likely costliest first, so that no process is left finishing a long file
 * alone: specs (each many tests) before litmus tests, larger files first.
 */
function longestFirst(files: string[]): number[] {
  const spec = files.map((f) => (f.endsWith(SPEC_SUFFIX) ? 1 : 0));
  const size = files.map((f) => statSync(f).size);
  return files.map((_, i) => i).sort((a, b) => spec[b]! - spec[a]! || size[b]! - size[a]! || a - b);
}

/** One file's part reports merged: the rows of part p, k-th, were the spec's row k·of + p. */
function mergeParts(parts: FileCheck[]): FileCheck {
  const error = parts.find((p) => 'error' in p);
  if (error) return error;
  const checked = parts as Extract<FileCheck, { cases: unknown }>[];
  const cases: CheckCase[] = [];
  checked.forEach((p, index) => p.cases.forEach((c, k) => (cases[k * parts.length + index] = c)));
  return { file: checked[0]!.file, cases: cases.filter((c) => c !== undefined), found: [...new Set(checked.flatMap((p) => p.found))].sort() };
}

export async function runCi(paths: readonly string[], options: CiOptions): Promise<CiRun> {
  const started = performance.now();
  const present = paths.filter((p) => {
    if (existsSync(p) || !options.skipMissing) return true;
    options.onMissing?.(p);
    return false;
  });
  const files = findFiles(present, CHECKED_SUFFIXES);
  const checkOptions: CheckOptions = { unroll: options.unroll, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const cache = options.cacheDir ? new ResultCache(options.cacheDir, { ...checkOptions }) : undefined;

  const reports: (FileReport | undefined)[] = files.map(() => undefined);
  const keys = files.map((f) => cache?.key(f, sourceFor(f).inputs(f)));
  const todo: number[] = [];
  files.forEach((file, i) => {
    const cases = keys[i] ? cache!.get(keys[i]) : undefined;
    if (cases) reports[i] = { file, cases, found: [], cached: true };
    else todo.push(i);
  });
  const total = files.length;
  let done = 0;
  options.onStart?.(total, total - todo.length);
  for (const r of reports) if (r) options.onFile?.(r, ++done, total);

  // Tasks: one per litmus test, options.jobs per spec (its parts).
  const tasks: { kind: 'check'; file: string; options: CheckOptions; part?: SpecPart }[] = [];
  const fileOf: number[] = [];
  for (const i of todo) {
    const of = files[i]!.endsWith(SPEC_SUFFIX) ? options.jobs : 1;
    for (let index = 0; index < of; index++) {
      tasks.push({ kind: 'check', file: files[i]!, options: checkOptions, ...(of > 1 ? { part: { index, of } } : {}) });
      fileOf.push(i);
    }
  }
  const partsDone = new Map<number, FileCheck[]>();
  const processes = await runTasks(tasks, options.jobs, {
    order: longestFirst(tasks.map((t) => t.file)),
    emit: () => {},
    onDone: (part, t) => {
      const i = fileOf[t]!;
      const task = tasks[t]!;
      const parts = partsDone.get(i) ?? [];
      partsDone.set(i, parts);
      parts[task.part?.index ?? 0] = part;
      const of = task.part?.of ?? 1;
      if (parts.filter((p) => p !== undefined).length < of) return;
      const result = of > 1 ? mergeParts(parts) : part;
      const report: FileReport = { ...result, cached: false };
      reports[i] = report;
      if ('cases' in result && keys[i]) cache!.put(keys[i], result.cases, result.found);
      options.onFile?.(report, ++done, total);
    },
  });

  const all = reports as FileReport[];
  return {
    files: all,
    cases: all.flatMap((r) => ('cases' in r ? r.cases : [])),
    errors: all.flatMap((r) => ('error' in r ? [r.error] : [])),
    wallMs: performance.now() - started,
    processes,
  };
}
