// Locating ../shared/litmus, the compatibility suite with herd7's verdicts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_LITMUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/litmus');
export const HAVE_SHARED = existsSync(join(SHARED_LITMUS, 'expected.tsv'));
/**
 * The public LKMM corpus (4,784 tests under ../shared/litmus/corpus), checked
 * by test/litmus/corpus.test.ts; the suites of ../shared/litmus leave it out.
 */
export const SHARED_CORPUS = join(SHARED_LITMUS, 'corpus');
if (!HAVE_SHARED) {
  console.warn(`skipping herd7 compatibility tests: ${SHARED_LITMUS} is absent`);
}

export interface ExpectedRow {
  file: string;
  verdict: string;
  positive: number;
  negative: number;
  states: number;
}

export function expectedRows(): ExpectedRow[] {
  if (!HAVE_SHARED) return [];
  return readFileSync(join(SHARED_LITMUS, 'expected.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [file, verdict, positive, negative, states] = l.split('\t');
      return { file: file!, verdict: verdict!, positive: Number(positive), negative: Number(negative), states: Number(states) };
    });
}

/**
 * The compatibility suite's files (relative to SHARED_LITMUS): the tests
 * expected.tsv lists, with herd7's output beside each. The public corpus
 * under SHARED_LITMUS/corpus is not part of it (it has checks of its own).
 */
export function sharedSuiteFiles(): string[] {
  return expectedRows().map((r) => r.file);
}
