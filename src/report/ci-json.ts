// `memorder ci --json FILE`: the whole run as one JSON document.

import type { CiRun } from '../batch/ci.js';
import { countCases } from './summary.js';

export function toCiJson(run: CiRun, version: string): string {
  const doc = {
    tool: 'memorder',
    version,
    summary: countCases(run.cases, run.errors.length),
    errors: run.errors,
    files: run.files.map((f) => ('error' in f ? { file: f.file, error: f.error } : { file: f.file, cached: f.cached, cases: f.cases.length })),
    cases: run.cases,
    wallMs: Math.round(run.wallMs),
    processes: run.processes,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
